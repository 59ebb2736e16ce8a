-- 0050_marketplace_refs_and_multi_sku.sql — what re-reading open marketplace orders and multi-SKU listings need.
-- marketplace_refs: the marketplace's own ids under one order (Wildberries: one task id per unit, which its
-- status call takes); marketplace_checked_at: when the order was last re-read, so each run re-reads the
-- open orders checked longest ago first (a bounded batch per run, every open order in turn, whatever its age).
ALTER TABLE orders ADD COLUMN IF NOT EXISTS marketplace_refs TEXT[];
ALTER TABLE orders ADD COLUMN IF NOT EXISTS marketplace_checked_at TIMESTAMPTZ;
CREATE INDEX IF NOT EXISTS idx_orders_marketplace_open ON orders (marketplace_id, marketplace_checked_at NULLS FIRST)
    WHERE marketplace_order_id IS NOT NULL AND status IN ('pending', 'confirmed', 'shipped');
-- One marketplace product may have several SKUs (Uzum SKUs, Wildberries sizes), each mapped to its own
-- product of ours: a listing is the product id together with its SKU.
DROP INDEX IF EXISTS ux_mp_products_marketplace_external;
CREATE UNIQUE INDEX ux_mp_products_marketplace_external ON marketplace_products (marketplace_id, marketplace_product_id, COALESCE(marketplace_sku, ''));
