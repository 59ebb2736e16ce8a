-- 0049_order_path_unread_indexes.sql — more indexes every order writes and no query reads.
-- Each order line adds an inventory_movements row and an order_items row, and each order an orders row;
-- these four indexes took ten index inserts and four more relation locks per order. Nothing looks
-- ledger rows up by time or channel (the admin reads them by product, orders by their own rows), order
-- lines by product, or orders by channel alone (imports use ux_orders_marketplace_order). They only
-- served the foreign keys' ON DELETE actions for products and marketplaces, which the store never
-- hard-deletes (products are deactivated); a manual delete now scans instead.
DROP INDEX IF EXISTS idx_inv_movements_created;
DROP INDEX IF EXISTS idx_inv_movements_marketplace;
DROP INDEX IF EXISTS idx_order_items_product;
DROP INDEX IF EXISTS idx_orders_marketplace;
