-- Found by profiling the checkout benchmark (pg_stat_statements):
-- 1. The outbox claim ("due rows of one type, oldest first") walked the whole table, done rows
--    included. A partial index holds only the rows still to deliver, in claim order.
CREATE INDEX ix_outbox_messages_due ON outbox_messages (type, id) WHERE status IN ('pending', 'processing');
-- 2. Tables that churn (carts filled and emptied, outbox rows, Telegram updates) kept stale
--    statistics between autovacuum runs, and the planner then chose hash joins over the whole
--    catalog. Vacuum and analyze them after a small share of changes.
ALTER TABLE cart_items SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_threshold = 200, autovacuum_analyze_threshold = 200);
ALTER TABLE outbox_messages SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02, autovacuum_vacuum_threshold = 500, autovacuum_analyze_threshold = 500);
ALTER TABLE processed_updates SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.05);
ALTER TABLE inventory SET (autovacuum_vacuum_scale_factor = 0.05, autovacuum_analyze_scale_factor = 0.05);
