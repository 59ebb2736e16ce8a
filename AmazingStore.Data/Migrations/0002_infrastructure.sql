-- 0002_infrastructure.sql — what the product needs beyond the seed schema.
-- Each object says why it exists. All times are TIMESTAMPTZ in UTC.
-- The migration runner wraps this file in one transaction: no BEGIN/COMMIT here.

-- Outbox: notifications and marketplace pushes are written in the same transaction as the change
-- that causes them, then delivered (with retries) by dispatchers claiming rows FOR UPDATE SKIP LOCKED.
CREATE TABLE outbox_messages (
    id               BIGSERIAL PRIMARY KEY,
    type             VARCHAR(50)  NOT NULL,
    payload          JSONB        NOT NULL,
    status           VARCHAR(20)  NOT NULL DEFAULT 'pending',
    attempts         INT          NOT NULL DEFAULT 0,
    next_attempt_at  TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    locked_until     TIMESTAMPTZ,
    last_error       TEXT,
    dedupe_key       VARCHAR(200),
    created_at       TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    processed_at     TIMESTAMPTZ,
    CONSTRAINT chk_outbox_status   CHECK (status IN ('pending', 'processing', 'done', 'failed')),
    CONSTRAINT chk_outbox_attempts CHECK (attempts >= 0)
);
-- the same logical message (e.g. "notify owner about order 42") is enqueued at most once
CREATE UNIQUE INDEX ux_outbox_dedupe_key ON outbox_messages(dedupe_key) WHERE dedupe_key IS NOT NULL;
-- dispatchers only ever scan work that is still due
CREATE INDEX idx_outbox_due ON outbox_messages(next_attempt_at) WHERE status IN ('pending', 'processing');

-- Wakes dispatchers (LISTEN outbox) when the inserting transaction commits, instead of polling hard.
CREATE OR REPLACE FUNCTION notify_outbox_insert()
RETURNS TRIGGER AS $$
BEGIN
    PERFORM pg_notify('outbox', NEW.type);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER outbox_messages_notify AFTER INSERT ON outbox_messages
    FOR EACH ROW EXECUTE FUNCTION notify_outbox_insert();

-- Inbox: every Telegram update_id takes effect once, even when Telegram redelivers a webhook.
CREATE TABLE processed_updates (
    update_id     BIGINT       PRIMARY KEY,
    payload       JSONB        NOT NULL,
    status        VARCHAR(20)  NOT NULL DEFAULT 'pending',
    attempts      INT          NOT NULL DEFAULT 0,
    last_error    TEXT,
    received_at   TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    processed_at  TIMESTAMPTZ
);
CREATE INDEX idx_processed_updates_pending ON processed_updates(received_at) WHERE status <> 'done';

-- Small key/value state of the bot, e.g. the long-polling offset, shared by all instances.
CREATE TABLE bot_state (
    key         VARCHAR(100) PRIMARY KEY,
    value       TEXT         NOT NULL,
    updated_at  TIMESTAMPTZ  NOT NULL DEFAULT NOW()
);
CREATE TRIGGER update_bot_state_updated_at BEFORE UPDATE ON bot_state
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();

-- Checkout idempotency: a retried "place order" with the same key returns the first order.
CREATE TABLE idempotency_keys (
    user_id     INT          NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key         VARCHAR(200) NOT NULL,
    order_id    INT          REFERENCES orders(id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    PRIMARY KEY (user_id, key)
);

-- Readable order numbers (AS-260121-0042) without a race: one counter row per prefix and day,
-- bumped with INSERT ... ON CONFLICT DO UPDATE ... RETURNING last_value.
CREATE TABLE order_number_counters (
    prefix      VARCHAR(20) NOT NULL,
    day         DATE        NOT NULL,
    last_value  INT         NOT NULL,
    PRIMARY KEY (prefix, day),
    CONSTRAINT chk_order_number_counters_value CHECK (last_value >= 0)
);

-- ASP.NET Core Data Protection key ring, shared by every instance (antiforgery, cookies survive restarts).
CREATE TABLE data_protection_keys (
    id             SERIAL PRIMARY KEY,
    friendly_name  TEXT,
    xml            TEXT        NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL DEFAULT NOW()
);

-- Per-channel settings, encrypted credentials, and the stock safety buffer (pushed = available - buffer).
ALTER TABLE marketplaces
    ADD COLUMN settings              JSONB NOT NULL DEFAULT '{}',
    ADD COLUMN credentials_encrypted TEXT,
    ADD COLUMN safety_buffer         INT   NOT NULL DEFAULT 0,
    ADD CONSTRAINT chk_marketplaces_safety_buffer CHECK (safety_buffer >= 0);

-- What each marketplace keys updates by (Uzum barcode, WB chrtId + warehouse, OZON offer_id + warehouse)
-- and what we last pushed, so unchanged stock/prices are not pushed again.
ALTER TABLE marketplace_products
    ADD COLUMN barcode                VARCHAR(100),
    ADD COLUMN warehouse_id           VARCHAR(100),
    ADD COLUMN last_pushed_stock      INT,
    ADD COLUMN last_pushed_price      NUMERIC(10,2),
    ADD COLUMN last_pushed_sale_price NUMERIC(10,2),
    ADD CONSTRAINT chk_mp_products_last_pushed_stock      CHECK (last_pushed_stock IS NULL OR last_pushed_stock >= 0),
    ADD CONSTRAINT chk_mp_products_last_pushed_price      CHECK (last_pushed_price IS NULL OR last_pushed_price >= 0),
    ADD CONSTRAINT chk_mp_products_last_pushed_sale_price CHECK (last_pushed_sale_price IS NULL OR last_pushed_sale_price >= 0);
-- an incoming marketplace line must resolve to exactly one of our products
CREATE UNIQUE INDEX ux_mp_products_marketplace_external ON marketplace_products(marketplace_id, marketplace_product_id);

-- Marketplace orders for unmapped SKUs or lost stock races are kept and flagged for a human;
-- external_status keeps the marketplace's own status word (statuses only move forward).
ALTER TABLE orders
    ADD COLUMN needs_attention  BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN attention_reason TEXT,
    ADD COLUMN external_status  VARCHAR(50);
CREATE INDEX idx_orders_needs_attention ON orders(created_at) WHERE needs_attention;

-- product_name / product_sku stay NOT NULL (snapshots, see 0001); unmapped marketplace lines keep
-- the marketplace's SKU here while product_id stays NULL.
ALTER TABLE order_items
    ADD COLUMN external_sku VARCHAR(200);

-- Reservations go through the ledger too, so it reconciles with both inventory figures.
-- movement_type: 'initial','adjustment','reserve','release','ship','return','sync'.
ALTER TABLE inventory_movements
    ALTER COLUMN movement_type  TYPE VARCHAR(30),
    ALTER COLUMN reference_type TYPE VARCHAR(30),
    ADD COLUMN reserved_change INT NOT NULL DEFAULT 0,
    ADD COLUMN reserved_before INT,
    ADD COLUMN reserved_after  INT,
    ADD CONSTRAINT chk_inv_movements_type
        CHECK (movement_type IN ('initial', 'adjustment', 'reserve', 'release', 'ship', 'return', 'sync'));
