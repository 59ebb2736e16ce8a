-- 0085_unpaid_confirmed_reminder.sql — issue 18 item 5 leftover: the expiry leaves a card/Stars order alone once
-- an admin confirmed it (the admin took it on), so such an order, never paid, would hold its stock unnoticed.
-- The owner is reminded once instead: this marks the order reminded (set in the same transaction as the outbox row).
ALTER TABLE orders ADD COLUMN unpaid_reminded_at TIMESTAMPTZ;

-- the reminder's scan: confirmed online orders still unpaid and not yet reminded (few at any time)
CREATE INDEX idx_orders_confirmed_unpaid ON orders(created_at)
    WHERE status = 'confirmed' AND payment_status = 'unpaid' AND payment_method IN ('card', 'stars') AND unpaid_reminded_at IS NULL;
