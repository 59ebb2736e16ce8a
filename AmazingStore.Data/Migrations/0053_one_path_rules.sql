-- 0053_one_path_rules.sql — one way to write an outbox row. Before, four writers spelled the INSERT out
-- (the order, its status change, the stock ledger, the admin's price change) and a trigger a fifth time,
-- and they disagreed on the dedupe key; a copy that forgot a row is how a deactivation once pushed nothing.
-- Every writer now calls this: SQL (triggers) directly, C# through OutboxWriter, which sends it as a
-- statement of the caller's own batch, so no writer pays a round trip for it. A procedure (CALL) returns
-- no result set, so it slots into a batch without moving the reader's results; plpgsql caches its plan
-- per connection. The NOTIFY stays the table's trigger (deferred per 0043), so it fires once per row.
CREATE PROCEDURE outbox_enqueue(p_type TEXT, p_payload JSONB, p_dedupe_key TEXT DEFAULT NULL)
LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox_messages (type, payload, dedupe_key) VALUES (p_type, p_payload, p_dedupe_key)
    ON CONFLICT (dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING;
END;
$$;

CREATE OR REPLACE FUNCTION queue_stock_push_on_active_change() RETURNS TRIGGER AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM marketplace_products WHERE product_id = NEW.id) THEN
        CALL outbox_enqueue('marketplace.stock_push', json_build_object('product_ids', json_build_array(NEW.id))::jsonb);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Available stock, defined once: on hand less reserved, never below zero. Before, SQL (StockSql), the
-- marketplace push's LINQ, the admin reply and the bot each wrote the subtraction, not all with the floor.
-- Stored, so reads (catalog, cart, pushes) read a column; the CHECKs already keep reserved <= on hand.
ALTER TABLE inventory ADD COLUMN available INT GENERATED ALWAYS AS (GREATEST(quantity - reserved_quantity, 0)) STORED;
