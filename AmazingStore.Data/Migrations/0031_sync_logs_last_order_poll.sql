-- 0031_sync_logs_last_order_poll.sql — each order poll starts from the last successful one of its
-- marketplace; sync_logs only grows, so that lookup gets an index of its own.
CREATE INDEX ix_sync_logs_order_polls ON sync_logs (marketplace_id, started_at DESC) WHERE sync_type = 'orders' AND status = 'success';
