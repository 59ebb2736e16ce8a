-- 0020_bot_update_claims.sql — lets instances claim Telegram updates without holding a transaction
-- open while a command runs (replies are rate limited and may wait on the Bot API).
-- locked_until: a claimed row ('processing') belongs to one instance until then; an instance that
-- died mid-update gives it back when the time passes. For a 'pending' row it is the earliest next
-- try after a transient failure (the database blinked).
ALTER TABLE processed_updates ADD COLUMN locked_until TIMESTAMPTZ;

ALTER TABLE processed_updates
    ADD CONSTRAINT chk_processed_updates_status CHECK (status IN ('pending', 'processing', 'done', 'failed'));
