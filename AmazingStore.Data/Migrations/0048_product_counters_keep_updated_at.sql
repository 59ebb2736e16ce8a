-- 0048_product_counters_keep_updated_at.sql — counters are not edits.
-- The view and order-count flushes rewrite up to every product row; the updated_at trigger ran for
-- each (18 ms per 10 000 rows) and stamped them all as just edited, which the admin reply shows.
-- It now runs only when the update leaves both counters alone: content edits never touch them.
DROP TRIGGER IF EXISTS update_products_updated_at ON products;
CREATE TRIGGER update_products_updated_at BEFORE UPDATE ON products
    FOR EACH ROW
    WHEN (OLD.view_count IS NOT DISTINCT FROM NEW.view_count AND OLD.order_count IS NOT DISTINCT FROM NEW.order_count)
    EXECUTE FUNCTION update_updated_at_column();
