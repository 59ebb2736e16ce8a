-- 0075_products_min_stock.sql — a per-product minimum stock. The catalog file carries it (export/import,
-- issue 19 item 4) and the low-stock alert reads it (item 3); NULL = the configured default applies.
ALTER TABLE products
    ADD COLUMN min_stock INTEGER,
    ADD CONSTRAINT chk_products_min_stock CHECK (min_stock IS NULL OR min_stock >= 0);
