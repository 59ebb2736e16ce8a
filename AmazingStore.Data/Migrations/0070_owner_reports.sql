-- 0070_owner_reports.sql — the owner's sales report and low-stock alerts (issue 19, items 1 and 3).

-- The sales report reads orders by when they were placed (created_at; order_date is never set apart from
-- it and no query reads it). Swapping the index keeps the order path's index writes as they were; the
-- INCLUDE lets the report's range scan answer channel and status without visiting the table.
DROP INDEX IF EXISTS idx_orders_date;
CREATE INDEX IF NOT EXISTS idx_orders_created ON orders (created_at) INCLUDE (marketplace_id, status);

-- Per-product minimum of available stock; NULL = the configured default (Telegram:LowStockAlertDefault, else
-- Telegram:LowStockThreshold), kept in bot_state 'low_stock_default' by a host that has an owner chat to tell, so
-- that this trigger can read it; without that row only products with their own minimum alert. 0 = no alert.
-- IF NOT EXISTS: the catalog file import (issue 19 item 4) names the same column.
ALTER TABLE products ADD COLUMN IF NOT EXISTS min_stock INT;
ALTER TABLE products DROP CONSTRAINT IF EXISTS chk_products_min_stock;
ALTER TABLE products ADD CONSTRAINT chk_products_min_stock CHECK (min_stock IS NULL OR min_stock >= 0);

-- The owner hears once per crossing: only a change that takes available stock from at/above the minimum
-- to below it queues an alert, so further sales below it say nothing, and stock that comes back up
-- re-arms it without any flag to reset. A trigger, like 0051's off-sale push, so that every path that
-- moves stock (orders, ledger, imports, SQL) is covered; the row is written through outbox_enqueue in the
-- same transaction, so an alert exists exactly when its stock change does.
CREATE OR REPLACE FUNCTION queue_low_stock_alert() RETURNS TRIGGER AS $$
DECLARE
    threshold INT;
BEGIN
    SELECT COALESCE(p.min_stock, (SELECT CASE WHEN s.value ~ '^[0-9]{1,6}$' THEN s.value::int END
                                    FROM bot_state s WHERE s.key = 'low_stock_default'))
      INTO threshold
      FROM products p WHERE p.id = NEW.product_id AND p.is_active;
    IF threshold IS NOT NULL AND OLD.available >= threshold AND NEW.available < threshold THEN
        CALL outbox_enqueue('telegram.low_stock',
            json_build_object('product_id', NEW.product_id, 'available', NEW.available, 'min_stock', threshold)::jsonb);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- The WHEN clause keeps the function out of every change that does not lower available stock.
CREATE TRIGGER inventory_low_stock_alert AFTER UPDATE OF quantity, reserved_quantity ON inventory
    FOR EACH ROW WHEN (NEW.available < OLD.available) EXECUTE FUNCTION queue_low_stock_alert();
