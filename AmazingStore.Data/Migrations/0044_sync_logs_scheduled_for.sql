-- 0044_sync_logs_scheduled_for.sql — a scheduled run records the time its schedule fired for.
-- Its started_at can be later (it waits for a push of the same marketplace already running), so
-- only this column tells a late run from a schedule that fired twice.
ALTER TABLE sync_logs ADD COLUMN scheduled_for TIMESTAMPTZ;
