-- Order numbers now come from the order id (prefix-date-id): a per-day counter row made every
-- checkout in the shop wait for the previous one to commit. The table has no other use.
DROP TABLE order_number_counters;
