-- 0051_product_off_sale_push.sql — a product taken off sale is taken off every marketplace.
-- Available stock already counts as 0 for an inactive product (StockPush), but nothing queued a push when
-- is_active changed, so Uzum, WB and OZON kept selling it. The trigger queues the same outbox row the stock
-- ledger writes, whichever path changed the flag (admin API, bot, import, plain SQL), in the same transaction.
CREATE FUNCTION queue_stock_push_on_active_change() RETURNS TRIGGER AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM marketplace_products WHERE product_id = NEW.id) THEN
        INSERT INTO outbox_messages (type, payload)
        VALUES ('marketplace.stock_push', json_build_object('product_ids', json_build_array(NEW.id))::jsonb);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trg_products_active_stock_push
    AFTER UPDATE OF is_active ON products
    FOR EACH ROW WHEN (OLD.is_active IS DISTINCT FROM NEW.is_active)
    EXECUTE FUNCTION queue_stock_push_on_active_change();

-- Deleting a mapped product would cascade its mappings away before anyone told the marketplaces to stop
-- selling it. The store never hard-deletes products (orders and the ledger keep pointing at them): a DELETE
-- of a mapped product takes it off sale instead, which the trigger above pushes as 0 everywhere.
CREATE FUNCTION deactivate_instead_of_deleting_mapped_product() RETURNS TRIGGER AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM marketplace_products WHERE product_id = OLD.id) THEN
        UPDATE products SET is_active = false WHERE id = OLD.id AND is_active;
        RETURN NULL;
    END IF;
    RETURN OLD;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER trg_products_keep_mapped
    BEFORE DELETE ON products
    FOR EACH ROW EXECUTE FUNCTION deactivate_instead_of_deleting_mapped_product();
