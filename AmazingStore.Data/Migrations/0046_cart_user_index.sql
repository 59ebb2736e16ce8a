-- 0046_cart_user_index.sql — one index fewer on the table every checkout fills and empties.
-- idx_cart_user (user_id) duplicated the leading column of uq_cart_items_user_product
-- (user_id, product_id): each cart line paid for two index entries, and reads by user ran as
-- bitmap scans, which never mark dead entries, so every cart read and the checkout's lock and
-- delete walked all dead lines left since the last vacuum (66 buffers per call under the
-- checkout benchmark for a 3-line cart). The unique index serves those reads as plain index scans
-- in product order, which also skip the dead entries they have once seen.
DROP INDEX IF EXISTS idx_cart_user;
