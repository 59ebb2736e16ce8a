-- 0047_order_path_indexes.sql — indexes every order writes, against the reads that use them.
-- No query reads order lines by SKU or movements by type: each order paid for those index entries
-- (one per line) and nothing used them.
DROP INDEX IF EXISTS idx_order_items_sku;
DROP INDEX IF EXISTS idx_inv_movements_type;
-- Shipping or cancelling an order sums the order's own ledger rows (OrderWorkflow); without this
-- that was a scan of the whole ledger: 108 ms per status change at 100 000 orders.
CREATE INDEX IF NOT EXISTS idx_inv_movements_reference ON inventory_movements (reference_type, reference_id);
-- The checkout claims its idempotency key with the new order's id before the order row is written,
-- in the same transaction (one statement fewer per order); the reference is checked at commit.
ALTER TABLE idempotency_keys ALTER CONSTRAINT idempotency_keys_order_id_fkey DEFERRABLE INITIALLY DEFERRED;
