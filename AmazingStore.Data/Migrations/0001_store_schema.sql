-- 0001_store_schema.sql — Amazing Store base schema.
--
-- The 14 tables of seed 000 (users, categories, products, inventory, inventory_movements,
-- marketplaces, marketplace_products, cart_items, favorites, orders, order_items, banners,
-- marketplace_webhooks, sync_logs) with every column, CHECK, FK, UNIQUE and index it lists,
-- plus the fields, partial indexes and updated_at triggers that seed 001 adds.
-- All times are TIMESTAMPTZ and are stored in UTC; convert only for display (Tashkent = UTC+5).
-- The migration runner wraps this file in one transaction: no BEGIN/COMMIT here.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Keeps updated_at honest on every UPDATE, whatever client wrote the row (seed 001).
CREATE OR REPLACE FUNCTION update_updated_at_column()
RETURNS TRIGGER AS $$
BEGIN
    NEW.updated_at = NOW();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- inventory has last_updated_at (seed 000) instead of updated_at; same idea.
CREATE OR REPLACE FUNCTION update_last_updated_at_column()
RETURNS TRIGGER AS $$
BEGIN
    NEW.last_updated_at = NOW();
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

-- 1. users — Telegram Mini App users (customers and admins)
CREATE TABLE users (
    id              SERIAL PRIMARY KEY,
    telegram_id     BIGINT       NOT NULL,
    first_name      VARCHAR(100) NOT NULL,
    last_name       VARCHAR(100),
    username        VARCHAR(100),
    phone           VARCHAR(20),
    language        VARCHAR(2)   NOT NULL DEFAULT 'uz',
    is_active       BOOLEAN      NOT NULL DEFAULT TRUE,
    is_admin        BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    updated_at      TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    last_login_at   TIMESTAMPTZ,
    -- the UNIQUE constraint's own index carries the seed's index name
    CONSTRAINT idx_users_telegram_id UNIQUE (telegram_id)
);
CREATE INDEX idx_users_admin ON users(is_admin) WHERE is_admin = TRUE;
CREATE INDEX idx_users_phone ON users(phone) WHERE phone IS NOT NULL;

-- 2. categories — hierarchical, Uzbek/Russian
CREATE TABLE categories (
    id          SERIAL PRIMARY KEY,
    name_uz     VARCHAR(255) NOT NULL,
    name_ru     VARCHAR(255),
    parent_id   INTEGER REFERENCES categories(id) ON DELETE CASCADE,
    icon        VARCHAR(50),
    color       VARCHAR(20),
    image_url   TEXT,
    sort_order  INTEGER     NOT NULL DEFAULT 0,
    is_active   BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT chk_categories_not_own_parent CHECK (parent_id IS NULL OR parent_id <> id)
);
CREATE INDEX idx_categories_parent ON categories(parent_id);
CREATE INDEX idx_categories_active ON categories(is_active) WHERE is_active = TRUE;

-- 3. products — the master catalog (SKU is the mapping key to every marketplace)
CREATE TABLE products (
    id                        SERIAL PRIMARY KEY,
    sku                       VARCHAR(100) NOT NULL,
    barcode                   VARCHAR(100),
    name_uz                   VARCHAR(255) NOT NULL,
    name_ru                   VARCHAR(255),
    description_uz            TEXT,
    description_ru            TEXT,
    category_id               INTEGER REFERENCES categories(id) ON DELETE SET NULL,
    price                     NUMERIC(10,2) NOT NULL,
    sale_price                NUMERIC(10,2),
    cost_price                NUMERIC(10,2),
    profitability_percentage  NUMERIC(5,2),
    image_url                 TEXT,
    is_active                 BOOLEAN     NOT NULL DEFAULT TRUE,
    view_count                INTEGER     NOT NULL DEFAULT 0,
    order_count               INTEGER     NOT NULL DEFAULT 0,
    created_at                TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at                TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT idx_products_sku UNIQUE (sku),
    CONSTRAINT chk_products_price      CHECK (price >= 0),
    CONSTRAINT chk_products_sale_price CHECK (sale_price IS NULL OR sale_price >= 0),
    CONSTRAINT chk_products_cost_price CHECK (cost_price IS NULL OR cost_price >= 0)
);
CREATE INDEX idx_products_category ON products(category_id);
CREATE INDEX idx_products_active   ON products(is_active) WHERE is_active = TRUE;
CREATE INDEX idx_products_barcode  ON products(barcode) WHERE barcode IS NOT NULL;
-- trigram indexes: fast ILIKE '%...%' / similarity search over names, SKU and barcode
CREATE INDEX idx_products_name_uz_trgm ON products USING GIN (name_uz gin_trgm_ops);
CREATE INDEX idx_products_name_ru_trgm ON products USING GIN (name_ru gin_trgm_ops);
CREATE INDEX idx_products_sku_trgm     ON products USING GIN (sku gin_trgm_ops);
CREATE INDEX idx_products_barcode_trgm ON products USING GIN (barcode gin_trgm_ops);

-- 4. inventory — the one true stock. available = quantity - reserved_quantity
CREATE TABLE inventory (
    id                 SERIAL PRIMARY KEY,
    product_id         INTEGER     NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    quantity           INTEGER     NOT NULL DEFAULT 0,
    reserved_quantity  INTEGER     NOT NULL DEFAULT 0,
    last_updated_at    TIMESTAMPTZ DEFAULT NOW(),
    created_at         TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT idx_inventory_product UNIQUE (product_id),
    CONSTRAINT chk_inventory_quantity          CHECK (quantity >= 0),
    CONSTRAINT chk_inventory_reserved_quantity CHECK (reserved_quantity >= 0),
    CONSTRAINT chk_inventory_reserved_le_qty   CHECK (reserved_quantity <= quantity)
);
CREATE INDEX idx_inventory_quantity ON inventory(quantity) WHERE quantity > 0;

-- 6. marketplaces — every sales channel, our own store included (created before 5: 5 refers to it)
CREATE TABLE marketplaces (
    id                       SERIAL PRIMARY KEY,
    name                     VARCHAR(100) NOT NULL,
    slug                     VARCHAR(50)  NOT NULL,
    integration_type         VARCHAR(20)  NOT NULL DEFAULT 'api',
    api_type                 VARCHAR(50),
    api_base_url             TEXT,
    api_key_encrypted        TEXT,
    api_secret_encrypted     TEXT,
    access_token             TEXT,
    refresh_token            TEXT,
    token_expires_at         TIMESTAMPTZ,
    marketplace_code         VARCHAR(50),
    webhook_url              TEXT,
    webhook_secret           TEXT,
    supports_webhooks        BOOLEAN NOT NULL DEFAULT FALSE,
    webhook_enabled          BOOLEAN NOT NULL DEFAULT FALSE,
    supports_stock_sync      BOOLEAN NOT NULL DEFAULT TRUE,
    supports_order_sync      BOOLEAN NOT NULL DEFAULT TRUE,
    supports_price_sync      BOOLEAN NOT NULL DEFAULT FALSE,
    is_active                BOOLEAN NOT NULL DEFAULT TRUE,
    auto_sync_enabled        BOOLEAN NOT NULL DEFAULT TRUE,
    sync_interval_minutes    INTEGER NOT NULL DEFAULT 60,
    default_commission_rate  NUMERIC(5,2),
    last_sync_at             TIMESTAMPTZ,
    created_at               TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at               TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT idx_marketplaces_slug UNIQUE (slug),
    CONSTRAINT chk_marketplaces_integration_type CHECK (integration_type IN ('api', 'manual', 'own')),
    CONSTRAINT chk_marketplaces_sync_interval    CHECK (sync_interval_minutes IS NULL OR sync_interval_minutes > 0),
    CONSTRAINT chk_marketplaces_commission       CHECK (default_commission_rate IS NULL OR default_commission_rate >= 0)
);
CREATE INDEX idx_marketplaces_integration ON marketplaces(integration_type);
CREATE INDEX idx_marketplaces_active      ON marketplaces(is_active) WHERE is_active = TRUE;
CREATE INDEX idx_marketplaces_webhooks    ON marketplaces(webhook_enabled) WHERE webhook_enabled = TRUE;

-- 5. inventory_movements — the stock ledger: every change, with before/after and its source
CREATE TABLE inventory_movements (
    id               SERIAL PRIMARY KEY,
    product_id       INTEGER     NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    movement_type    VARCHAR(20) NOT NULL,
    quantity_change  INTEGER     NOT NULL,
    quantity_before  INTEGER,
    quantity_after   INTEGER,
    reference_type   VARCHAR(20),
    reference_id     INTEGER,
    marketplace_id   INTEGER REFERENCES marketplaces(id) ON DELETE SET NULL,
    notes            TEXT,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_inv_movements_product     ON inventory_movements(product_id);
CREATE INDEX idx_inv_movements_type        ON inventory_movements(movement_type);
CREATE INDEX idx_inv_movements_marketplace ON inventory_movements(marketplace_id);
CREATE INDEX idx_inv_movements_created     ON inventory_movements(created_at DESC);

-- 7. marketplace_products — SKU mapping: our product <-> its listing on one marketplace
CREATE TABLE marketplace_products (
    id                               SERIAL PRIMARY KEY,
    product_id                       INTEGER      NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    marketplace_id                   INTEGER      NOT NULL REFERENCES marketplaces(id) ON DELETE CASCADE,
    marketplace_product_id           VARCHAR(255) NOT NULL,
    marketplace_sku                  VARCHAR(255),
    marketplace_name                 VARCHAR(500),
    marketplace_url                  TEXT,
    marketplace_price                NUMERIC(10,2),
    marketplace_strikethrough_price  NUMERIC(10,2),
    marketplace_stock                INTEGER,
    previous_stock                   INTEGER,
    stock_last_synced_at             TIMESTAMPTZ,
    last_price_sync_at               TIMESTAMPTZ,
    last_stock_sync_at               TIMESTAMPTZ,
    price_editable                   BOOLEAN NOT NULL DEFAULT TRUE,
    commission_rate                  NUMERIC(5,2),
    status                           VARCHAR(20) NOT NULL DEFAULT 'active',
    is_active                        BOOLEAN NOT NULL DEFAULT TRUE,
    last_synced_at                   TIMESTAMPTZ,
    sync_status                      VARCHAR(20),
    sync_error                       TEXT,
    created_at                       TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at                       TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_mp_products_product_marketplace UNIQUE (product_id, marketplace_id),
    CONSTRAINT chk_mp_products_price        CHECK (marketplace_price IS NULL OR marketplace_price >= 0),
    CONSTRAINT chk_mp_products_strike_price CHECK (marketplace_strikethrough_price IS NULL OR marketplace_strikethrough_price >= 0),
    CONSTRAINT chk_mp_products_commission   CHECK (commission_rate IS NULL OR commission_rate >= 0)
);
CREATE INDEX idx_mp_products_product     ON marketplace_products(product_id);
CREATE INDEX idx_mp_products_marketplace ON marketplace_products(marketplace_id);
CREATE INDEX idx_mp_products_mp_id       ON marketplace_products(marketplace_product_id);
CREATE INDEX idx_mp_products_sku         ON marketplace_products(marketplace_sku) WHERE marketplace_sku IS NOT NULL;
CREATE INDEX idx_mp_products_status      ON marketplace_products(status);
CREATE INDEX idx_mp_products_stock       ON marketplace_products(marketplace_stock);

-- 8. cart_items — the Mini App cart (own store only)
CREATE TABLE cart_items (
    id              SERIAL PRIMARY KEY,
    user_id         INTEGER       NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    product_id      INTEGER       NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    quantity        INTEGER       NOT NULL DEFAULT 1,
    price_snapshot  NUMERIC(10,2) NOT NULL,
    created_at      TIMESTAMPTZ   NOT NULL DEFAULT NOW(),
    updated_at      TIMESTAMPTZ   NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_cart_items_user_product UNIQUE (user_id, product_id),
    CONSTRAINT chk_cart_items_quantity CHECK (quantity > 0),
    CONSTRAINT chk_cart_items_price    CHECK (price_snapshot >= 0)
);
CREATE INDEX idx_cart_user    ON cart_items(user_id);
CREATE INDEX idx_cart_product ON cart_items(product_id);

-- 9. favorites — the wishlist. (The old backend's `user_favorites` name was a bug.)
CREATE TABLE favorites (
    id          SERIAL PRIMARY KEY,
    user_id     INTEGER     NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    product_id  INTEGER     NOT NULL REFERENCES products(id) ON DELETE CASCADE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT uq_favorites_user_product UNIQUE (user_id, product_id)
);
CREATE INDEX idx_favorites_user    ON favorites(user_id);
CREATE INDEX idx_favorites_product ON favorites(product_id);

-- 10. orders — every order from every channel
CREATE TABLE orders (
    id                    SERIAL PRIMARY KEY,
    order_number          VARCHAR(50)   NOT NULL,
    marketplace_id        INTEGER       NOT NULL REFERENCES marketplaces(id) ON DELETE RESTRICT,
    source                VARCHAR(20)   NOT NULL DEFAULT 'app',
    marketplace_order_id  VARCHAR(255),
    user_id               INTEGER REFERENCES users(id) ON DELETE SET NULL,
    customer_name         VARCHAR(255)  NOT NULL,
    customer_phone        VARCHAR(50)   NOT NULL,
    customer_address      TEXT,
    delivery_address      TEXT,
    delivery_notes        TEXT,
    subtotal              NUMERIC(10,2) NOT NULL,
    delivery_fee          NUMERIC(10,2) NOT NULL DEFAULT 0,
    total                 NUMERIC(10,2) NOT NULL,
    status                VARCHAR(20)   NOT NULL DEFAULT 'pending',
    payment_status        VARCHAR(20)   NOT NULL DEFAULT 'unpaid',
    payment_method        VARCHAR(50),
    total_cost            NUMERIC(10,2),
    total_profit          NUMERIC(10,2),
    order_date            TIMESTAMPTZ   DEFAULT NOW(),
    delivery_date         TIMESTAMPTZ,
    confirmed_at          TIMESTAMPTZ,
    delivered_at          TIMESTAMPTZ,
    cancelled_at          TIMESTAMPTZ,
    created_at            TIMESTAMPTZ   NOT NULL DEFAULT NOW(),
    updated_at            TIMESTAMPTZ   NOT NULL DEFAULT NOW(),
    CONSTRAINT idx_orders_number UNIQUE (order_number),
    CONSTRAINT chk_orders_source         CHECK (source IN ('app', 'uzum', 'wildberries', 'ozon', 'manual')),
    CONSTRAINT chk_orders_status         CHECK (status IN ('pending', 'confirmed', 'shipped', 'delivered', 'cancelled')),
    CONSTRAINT chk_orders_payment_status CHECK (payment_status IN ('unpaid', 'paid', 'refunded')),
    CONSTRAINT chk_orders_subtotal       CHECK (subtotal >= 0),
    CONSTRAINT chk_orders_delivery_fee   CHECK (delivery_fee >= 0),
    CONSTRAINT chk_orders_total          CHECK (total >= 0),
    CONSTRAINT chk_orders_total_cost     CHECK (total_cost IS NULL OR total_cost >= 0)
);
CREATE INDEX idx_orders_user        ON orders(user_id);
CREATE INDEX idx_orders_marketplace ON orders(marketplace_id);
CREATE INDEX idx_orders_source      ON orders(source);
CREATE INDEX idx_orders_status      ON orders(status);
CREATE INDEX idx_orders_mp_order    ON orders(marketplace_order_id) WHERE marketplace_order_id IS NOT NULL;
CREATE INDEX idx_orders_date        ON orders(order_date DESC);
-- a marketplace order is imported once, however often it is polled or pushed
CREATE UNIQUE INDEX ux_orders_marketplace_order ON orders(marketplace_id, marketplace_order_id)
    WHERE marketplace_order_id IS NOT NULL;

-- 11. order_items — order lines with name/SKU/price snapshots (never inserted without them)
CREATE TABLE order_items (
    id                      SERIAL PRIMARY KEY,
    order_id                INTEGER       NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    product_id              INTEGER REFERENCES products(id) ON DELETE SET NULL,
    product_name            VARCHAR(255)  NOT NULL,
    product_sku             VARCHAR(100)  NOT NULL,
    marketplace_product_id  VARCHAR(255),
    price                   NUMERIC(10,2) NOT NULL,
    cost_price              NUMERIC(10,2),
    quantity                INTEGER       NOT NULL,
    subtotal                NUMERIC(10,2) NOT NULL,
    profit                  NUMERIC(10,2),
    created_at              TIMESTAMPTZ   NOT NULL DEFAULT NOW(),
    CONSTRAINT chk_order_items_quantity   CHECK (quantity > 0),
    CONSTRAINT chk_order_items_price      CHECK (price >= 0),
    CONSTRAINT chk_order_items_cost_price CHECK (cost_price IS NULL OR cost_price >= 0),
    CONSTRAINT chk_order_items_subtotal   CHECK (subtotal >= 0)
);
CREATE INDEX idx_order_items_order   ON order_items(order_id);
CREATE INDEX idx_order_items_product ON order_items(product_id);
CREATE INDEX idx_order_items_sku     ON order_items(product_sku);

-- 12. banners — marketing slides in the Mini App
CREATE TABLE banners (
    id          SERIAL PRIMARY KEY,
    title_uz    VARCHAR(255),
    title_ru    VARCHAR(255),
    image_url   TEXT        NOT NULL,
    link_type   VARCHAR(20),
    link_id     INTEGER,
    link_url    TEXT,
    sort_order  INTEGER     NOT NULL DEFAULT 0,
    is_active   BOOLEAN     NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    CONSTRAINT chk_banners_link_type CHECK (link_type IS NULL OR link_type IN ('product', 'category', 'url'))
);
CREATE INDEX idx_banners_active ON banners(is_active) WHERE is_active = TRUE;

-- 13. marketplace_webhooks — every incoming marketplace push, as received
CREATE TABLE marketplace_webhooks (
    id              SERIAL PRIMARY KEY,
    marketplace_id  INTEGER     NOT NULL REFERENCES marketplaces(id) ON DELETE CASCADE,
    event_type      VARCHAR(50) NOT NULL,
    payload         JSONB       NOT NULL,
    signature       VARCHAR(500),
    status          VARCHAR(20) NOT NULL DEFAULT 'pending',
    processed_at    TIMESTAMPTZ,
    error_message   TEXT,
    retry_count     INTEGER     NOT NULL DEFAULT 0,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT NOW()
);
CREATE INDEX idx_webhooks_marketplace ON marketplace_webhooks(marketplace_id);
CREATE INDEX idx_webhooks_status      ON marketplace_webhooks(status);
CREATE INDEX idx_webhooks_event       ON marketplace_webhooks(event_type);
CREATE INDEX idx_webhooks_created     ON marketplace_webhooks(created_at DESC);

-- 14. sync_logs — one row per sync run (status 'partial' when some items failed)
CREATE TABLE sync_logs (
    id               SERIAL PRIMARY KEY,
    marketplace_id   INTEGER     NOT NULL REFERENCES marketplaces(id) ON DELETE CASCADE,
    sync_type        VARCHAR(20) NOT NULL,
    direction        VARCHAR(10),
    trigger_type     VARCHAR(20),
    status           VARCHAR(20) NOT NULL,
    items_processed  INTEGER     NOT NULL DEFAULT 0,
    items_failed     INTEGER     NOT NULL DEFAULT 0,
    error_message    TEXT,
    started_at       TIMESTAMPTZ NOT NULL DEFAULT NOW(),
    completed_at     TIMESTAMPTZ,
    duration_ms      INTEGER,
    CONSTRAINT chk_sync_logs_direction CHECK (direction IS NULL OR direction IN ('push', 'pull'))
);
CREATE INDEX idx_sync_logs_marketplace ON sync_logs(marketplace_id);
CREATE INDEX idx_sync_logs_type        ON sync_logs(sync_type);
CREATE INDEX idx_sync_logs_trigger     ON sync_logs(trigger_type);
CREATE INDEX idx_sync_logs_status      ON sync_logs(status);
CREATE INDEX idx_sync_logs_started     ON sync_logs(started_at DESC);

-- updated_at triggers (seed 001, extended to every table that has updated_at)
CREATE TRIGGER update_users_updated_at BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_categories_updated_at BEFORE UPDATE ON categories
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_products_updated_at BEFORE UPDATE ON products
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_marketplaces_updated_at BEFORE UPDATE ON marketplaces
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_marketplace_products_updated_at BEFORE UPDATE ON marketplace_products
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_cart_items_updated_at BEFORE UPDATE ON cart_items
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_orders_updated_at BEFORE UPDATE ON orders
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_banners_updated_at BEFORE UPDATE ON banners
    FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();
CREATE TRIGGER update_inventory_last_updated_at BEFORE UPDATE ON inventory
    FOR EACH ROW EXECUTE FUNCTION update_last_updated_at_column();

-- The four sales channels. The own store is found by slug 'amazing-store' (never by name_en).
INSERT INTO marketplaces (name, slug, integration_type, api_type, api_base_url, marketplace_code,
                          supports_webhooks, webhook_enabled, supports_stock_sync, supports_order_sync,
                          supports_price_sync, is_active, auto_sync_enabled, sync_interval_minutes)
VALUES
    ('Amazing Store', 'amazing-store', 'own', NULL, NULL,
     'amazing-store', FALSE, FALSE, FALSE, FALSE, FALSE, TRUE, FALSE, 60),
    ('Uzum Market', 'uzum', 'api', 'rest', 'https://api-seller.uzum.uz/api/seller-openapi',
     'uzum', FALSE, FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, 60),
    ('Wildberries', 'wildberries', 'api', 'rest', 'https://marketplace-api.wildberries.ru',
     'wildberries', FALSE, FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, 60),
    ('OZON', 'ozon', 'api', 'rest', 'https://api-seller.ozon.ru',
     'ozon', TRUE, FALSE, TRUE, TRUE, TRUE, TRUE, TRUE, 60);
