-- 0065_delivery_zones_and_returns.sql — issue 18 items 7 and 9.
-- Delivery zones the admin defines (a fee, free above an order amount, or a pickup point); the order
-- keeps the zone it was placed for next to the fee computed then, so a later fee change never rewrites it.
CREATE TABLE delivery_zones (
    id          SERIAL PRIMARY KEY,
    name_uz     VARCHAR(255)  NOT NULL,
    name_ru     VARCHAR(255),
    fee         NUMERIC(10,2) NOT NULL DEFAULT 0,
    free_from   NUMERIC(10,2),
    is_pickup   BOOLEAN       NOT NULL DEFAULT FALSE,
    is_active   BOOLEAN       NOT NULL DEFAULT TRUE,
    sort_order  INTEGER       NOT NULL DEFAULT 0,
    created_at  TIMESTAMPTZ   NOT NULL DEFAULT NOW(),
    updated_at  TIMESTAMPTZ   NOT NULL DEFAULT NOW(),
    CONSTRAINT chk_delivery_zones_fee       CHECK (fee >= 0),
    CONSTRAINT chk_delivery_zones_free_from CHECK (free_from IS NULL OR free_from >= 0)
);
CREATE INDEX ix_delivery_zones_active ON delivery_zones (sort_order, id) WHERE is_active;
CREATE TRIGGER update_delivery_zones_updated_at BEFORE UPDATE ON delivery_zones
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

ALTER TABLE orders ADD COLUMN delivery_zone_id INTEGER REFERENCES delivery_zones(id) ON DELETE SET NULL,
                   ADD COLUMN is_pickup BOOLEAN NOT NULL DEFAULT FALSE;

-- delivered → returned (OrderStateMachine). The units come back through the ledger: 'return' puts them
-- on hand; a write-off is 'return' followed by 'write_off', so the ledger shows that they came back and
-- how many were lost, per product, as a sum of its own movement type.
ALTER TABLE orders DROP CONSTRAINT chk_orders_status;
ALTER TABLE orders ADD CONSTRAINT chk_orders_status
    CHECK (status IN ('pending', 'confirmed', 'shipped', 'delivered', 'cancelled', 'returned'));
ALTER TABLE orders ADD COLUMN returned_at TIMESTAMPTZ;

ALTER TABLE inventory_movements DROP CONSTRAINT chk_inv_movements_type;
ALTER TABLE inventory_movements ADD CONSTRAINT chk_inv_movements_type
    CHECK (movement_type IN ('initial', 'adjustment', 'reserve', 'release', 'ship', 'return', 'write_off', 'sync'));
