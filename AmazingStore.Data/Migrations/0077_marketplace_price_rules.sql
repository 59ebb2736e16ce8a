-- 0077_marketplace_price_rules.sql — the price each marketplace is sent (issue 19 item 5): a markup
-- (NULL = the commission rate: the mapping's, else the marketplace's default), rounding to a step of
-- so'm (NULL = none) and a floor at cost × (1 + min_margin_percent / 100). No row = markup from
-- commission, no rounding, floor at cost.
CREATE TABLE marketplace_price_rules (
    marketplace_id      INTEGER      PRIMARY KEY REFERENCES marketplaces(id) ON DELETE CASCADE,
    markup_percent      NUMERIC(6,2),
    round_to            NUMERIC(10,2),
    min_margin_percent  NUMERIC(6,2) NOT NULL DEFAULT 0,
    updated_at          TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    CONSTRAINT chk_price_rules_markup     CHECK (markup_percent IS NULL OR (markup_percent > -100 AND markup_percent <= 1000)),
    CONSTRAINT chk_price_rules_round_to   CHECK (round_to IS NULL OR round_to > 0),
    CONSTRAINT chk_price_rules_min_margin CHECK (min_margin_percent >= 0 AND min_margin_percent <= 1000)
);

-- The price push sends an item again when any input of its ruled price changed; cost is one now.
ALTER TABLE marketplace_products ADD COLUMN last_pushed_cost_price NUMERIC(10,2);
