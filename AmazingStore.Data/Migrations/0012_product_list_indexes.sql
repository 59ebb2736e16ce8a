-- The product list at 100k products: the newest-first page (the default) and category pages read
-- an index instead of every product. Partial on is_active, like every customer query.
CREATE INDEX idx_products_active_new ON products (created_at DESC, id DESC) WHERE is_active;
CREATE INDEX idx_products_category_new ON products (category_id, created_at DESC, id DESC) WHERE is_active;
