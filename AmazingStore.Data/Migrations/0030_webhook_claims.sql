-- 0030_webhook_claims.sql — the webhook processor claims a push in one short statement and calls the
-- marketplace outside any transaction, so a slow marketplace holds no row lock.
-- claimed_until: a 'processing' row belongs to one worker until then, and a worker that died gives it
-- back when the time passes; for a 'pending' row it is the earliest next try after a failed attempt.
-- attempts counts claims, crashed ones included, so a push that kills its worker still ends as failed.
ALTER TABLE marketplace_webhooks ADD COLUMN claimed_until TIMESTAMPTZ;
ALTER TABLE marketplace_webhooks ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
-- The claim reads only the rows still to process, oldest first.
CREATE INDEX ix_marketplace_webhooks_open ON marketplace_webhooks (id) WHERE status IN ('pending', 'processing');
