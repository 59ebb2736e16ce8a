-- 0081_sales_rollup.sql — the sales report's rollup per closed Tashkent day (issue 19 item 1: fast on 100k orders).
--
-- The report sums closed days from these tables and only the open days (today, yesterday until 02:00) live
-- from orders and their lines. The rows are written by SalesRollup with the very query the live part runs,
-- so a rolled-up day and a live day cannot disagree. Nothing on the order path writes here: a day is built
-- lazily when a report first needs it, and the triggers below only mark a built day stale when an order
-- of it changes in a way the report sees; the next report rebuilds that day.

CREATE TABLE sales_rollup_days (
    day      DATE PRIMARY KEY,
    built_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Orders per channel and kind (s = sale, c = cancelled, r = returned) with their lines' sums.
CREATE TABLE sales_rollup_channels (
    day            DATE NOT NULL REFERENCES sales_rollup_days (day) ON DELETE CASCADE,
    marketplace_id INT NOT NULL,
    kind           CHAR(1) NOT NULL,
    orders         INT NOT NULL,
    units          INT NOT NULL,
    revenue        NUMERIC(16, 2) NOT NULL,
    profit         NUMERIC(16, 2) NOT NULL,
    PRIMARY KEY (day, marketplace_id, kind)
);

-- Sales (cancelled and returned orders left out) per product; lines whose product is unknown are kept by
-- their SKU and name as the order recorded them, exactly as the live query groups them. Money in tiyin (1/100
-- so'm; lines hold two decimals, so exactly): summing a year of these rows as bigint took half the time of numeric.
CREATE TABLE sales_rollup_products (
    day        DATE NOT NULL REFERENCES sales_rollup_days (day) ON DELETE CASCADE,
    product_id INT, -- no foreign key: checking one for each of a year's ~190 000 rows doubled a build; see the delete trigger
    loose_sku  TEXT,
    loose_name TEXT,
    units      INT NOT NULL,
    revenue_tiyin BIGINT NOT NULL,
    profit_tiyin  BIGINT NOT NULL
);
CREATE INDEX idx_sales_rollup_products_day ON sales_rollup_products (day);
CREATE INDEX idx_sales_rollup_products_product ON sales_rollup_products (product_id) WHERE product_id IS NOT NULL;

-- The same per calendar month, kept only for a month whose every day is built, and rebuilt with any of them: a
-- year's report sums ~10 months of these instead of ~300 days of the above (a product sells on few days of a month).
CREATE TABLE sales_rollup_product_months (
    month      DATE NOT NULL,
    product_id INT,
    loose_sku  TEXT,
    loose_name TEXT,
    units      INT NOT NULL,
    revenue_tiyin BIGINT NOT NULL,
    profit_tiyin  BIGINT NOT NULL
);
CREATE INDEX idx_sales_rollup_product_months_month ON sales_rollup_product_months (month);
CREATE INDEX idx_sales_rollup_product_months_product ON sales_rollup_product_months (product_id) WHERE product_id IS NOT NULL;

-- Days whose orders changed after they were rolled up. A day's mark is deleted by the rebuild that saw the
-- change; a change committed after that rebuild's snapshot leaves its mark for the next one.
CREATE TABLE sales_rollup_stale (
    day DATE PRIMARY KEY
);

CREATE OR REPLACE FUNCTION sales_rollup_day(at TIMESTAMPTZ) RETURNS DATE
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT ((at AT TIME ZONE 'UTC') + interval '5 hours')::date $$;

-- s = a sale, c = cancelled, r = returned: the report's one reading of an order's status.
CREATE OR REPLACE FUNCTION sales_kind(status TEXT) RETURNS CHAR(1)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT CASE status WHEN 'cancelled' THEN 'c' WHEN 'returned' THEN 'r' ELSE 's' END::char(1) $$;

CREATE OR REPLACE FUNCTION sales_rollup_mark_stale() RETURNS TRIGGER AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO sales_rollup_stale (day) VALUES (sales_rollup_day(OLD.created_at)) ON CONFLICT DO NOTHING;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO sales_rollup_stale (day) VALUES (sales_rollup_day(NEW.created_at)) ON CONFLICT DO NOTHING;
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- An order placed now belongs to an open day, which is never rolled up: the WHEN clause keeps checkout out of
-- the function. Only an order dated over an hour back (a seed, a restore, a hand-made row) can land in a built
-- day; SalesRollup builds a day only two hours after it ends, so no transaction shorter than an hour slips by.
CREATE TRIGGER orders_sales_rollup_insert AFTER INSERT ON orders
    FOR EACH ROW WHEN (NEW.created_at < now() - interval '1 hour') EXECUTE FUNCTION sales_rollup_mark_stale();

-- What the report reads of an order: its day, its channel, and whether it is a sale, cancelled or returned.
-- Lines are written once, with their order (OrderWorkflow), and never changed.
CREATE TRIGGER orders_sales_rollup_update AFTER UPDATE OF status, created_at, marketplace_id ON orders
    FOR EACH ROW WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at
                       OR OLD.marketplace_id IS DISTINCT FROM NEW.marketplace_id
                       OR sales_kind(OLD.status) <> sales_kind(NEW.status))
    EXECUTE FUNCTION sales_rollup_mark_stale();

CREATE TRIGGER orders_sales_rollup_delete AFTER DELETE ON orders
    FOR EACH ROW EXECUTE FUNCTION sales_rollup_mark_stale();

CREATE OR REPLACE FUNCTION sales_rollup_forget_all() RETURNS TRIGGER AS $$
BEGIN
    DELETE FROM sales_rollup_days;
    DELETE FROM sales_rollup_product_months;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER orders_sales_rollup_truncate AFTER TRUNCATE ON orders
    FOR EACH STATEMENT EXECUTE FUNCTION sales_rollup_forget_all();

-- A product removed for good (the API only deactivates) takes its rolled-up rows with it and marks their days:
-- rebuilt, its lines count as unknown-product lines by SKU, as the live query (order_items.product_id SET NULL) has them.
CREATE OR REPLACE FUNCTION sales_rollup_product_deleted() RETURNS TRIGGER AS $$
BEGIN
    WITH gone AS (DELETE FROM sales_rollup_products WHERE product_id = OLD.id RETURNING day)
    INSERT INTO sales_rollup_stale (day) SELECT DISTINCT day FROM gone ON CONFLICT DO NOTHING;
    DELETE FROM sales_rollup_product_months WHERE product_id = OLD.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER products_sales_rollup_delete AFTER DELETE ON products
    FOR EACH ROW EXECUTE FUNCTION sales_rollup_product_deleted();
