-- 0021_telegram_send_progress.sql — how many parts of an outbox row's Telegram message were accepted,
-- so that a retry resumes at the first part not yet sent instead of repeating the ones the chat
-- already shows. text_hash: a retry that renders a different text is a new message, sent whole.
-- The row goes with its outbox row (delivered rows are pruned after Outbox:RetainDone).
CREATE TABLE telegram_send_progress (
    outbox_id  BIGINT PRIMARY KEY REFERENCES outbox_messages(id) ON DELETE CASCADE,
    text_hash  BYTEA NOT NULL,
    parts_sent INTEGER NOT NULL CHECK (parts_sent >= 0),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
