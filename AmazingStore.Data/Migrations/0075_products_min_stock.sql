-- 0075_products_min_stock.sql — a per-product minimum stock. The catalog file carries it (export/import,
-- issue 19 item 4) and the low-stock alert reads it (item 3); NULL = the configured default applies.
-- 0070 (the reports work, built alongside) adds the same column: both are written to be safe in either order.
ALTER TABLE products ADD COLUMN IF NOT EXISTS min_stock INTEGER;
ALTER TABLE products DROP CONSTRAINT IF EXISTS chk_products_min_stock;
ALTER TABLE products ADD CONSTRAINT chk_products_min_stock CHECK (min_stock IS NULL OR min_stock >= 0);
