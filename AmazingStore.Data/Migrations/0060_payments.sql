-- 0060_payments.sql — Telegram payments (card through a provider, Stars) and the expiry of unpaid and
-- unconfirmed orders. payment_status itself is written by PaymentWorkflow only (unpaid → paid → refunded).
ALTER TABLE orders
    ADD COLUMN paid_at                 TIMESTAMPTZ,
    -- money came for an order that can no longer be fulfilled (expired, cancelled, paid twice): the owner refunds it
    ADD COLUMN needs_refund            BOOLEAN     NOT NULL DEFAULT false,
    ADD COLUMN refunded_at             TIMESTAMPTZ,
    -- the invoice's opaque payload (random, unguessable) and what it asks for, as sent to createInvoiceLink
    ADD COLUMN invoice_payload         VARCHAR(64),
    ADD COLUMN invoice_currency        VARCHAR(3),
    ADD COLUMN invoice_amount          BIGINT,
    -- the last pre_checkout_query answered ok: the expiry leaves such an order alone for a while, the payment is on its way
    ADD COLUMN precheckout_approved_at TIMESTAMPTZ;

CREATE UNIQUE INDEX ux_orders_invoice_payload ON orders(invoice_payload) WHERE invoice_payload IS NOT NULL;
-- the expiry's scan: open app orders nobody has paid or confirmed yet
CREATE INDEX idx_orders_open_unpaid ON orders(created_at) WHERE status = 'pending' AND payment_status = 'unpaid';

-- Every successful_payment Telegram delivered, kept even when its order could not take it (order_id is
-- null only for a payload that names no order). A charge is recorded once: Telegram may deliver it twice.
CREATE TABLE order_payments (
    id                          BIGSERIAL    PRIMARY KEY,
    order_id                    INTEGER      REFERENCES orders(id) ON DELETE RESTRICT,
    invoice_payload             VARCHAR(128) NOT NULL,
    currency                    VARCHAR(3)   NOT NULL,
    total_amount                BIGINT       NOT NULL,
    payer_telegram_id           BIGINT       NOT NULL,
    telegram_payment_charge_id  VARCHAR(255) NOT NULL,
    provider_payment_charge_id  VARCHAR(255),
    -- arrived for an order that could not take it: to be refunded
    late                        BOOLEAN      NOT NULL DEFAULT false,
    refunded_at                 TIMESTAMPTZ,
    refunded_by                 VARCHAR(255),
    refund_reason               TEXT,
    created_at                  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT ux_order_payments_telegram_charge UNIQUE (telegram_payment_charge_id),
    CONSTRAINT chk_order_payments_amount CHECK (total_amount > 0)
);
-- Stars payments carry an empty provider charge id
CREATE UNIQUE INDEX ux_order_payments_provider_charge ON order_payments(provider_payment_charge_id)
    WHERE provider_payment_charge_id IS NOT NULL AND provider_payment_charge_id <> '';
CREATE INDEX idx_order_payments_order ON order_payments(order_id);

-- The owner's Telegram message about each order, so that payment events edit it in place.
CREATE TABLE owner_order_messages (
    order_id    INTEGER     PRIMARY KEY REFERENCES orders(id) ON DELETE CASCADE,
    chat_id     BIGINT      NOT NULL,
    message_id  INTEGER     NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
