-- 0045_order_count_deltas.sql — products.order_count ("popular" sort) off the order path.
-- Each order used to rewrite its products' rows (wide: names and descriptions in two languages, ten
-- indexes, an updated_at trigger): a tenth of the database's time per order under load. An order now
-- appends narrow rows here, in its own transaction, so none is lost; a flusher moves them into
-- products.order_count every few seconds in one statement that deletes what it adds.
CREATE TABLE order_count_deltas (
    product_id INTEGER NOT NULL,
    quantity   INTEGER NOT NULL
);
-- Filled and emptied all day: vacuum after a small share of changes.
ALTER TABLE order_count_deltas SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02,
    autovacuum_vacuum_threshold = 500, autovacuum_analyze_threshold = 500);
