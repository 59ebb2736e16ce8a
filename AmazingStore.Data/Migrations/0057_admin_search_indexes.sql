-- 0057_admin_search_indexes.sql — the admins' searches (issue 19) read indexes, not whole tables.
-- Orders: a fragment of the number, the customer's name or phone, through one trigram index over the
-- three (OrderSearch.Text spells the same expression). One GIN index rather than three: each order
-- inserts into it once, and GIN's pending list makes that an append, merged later in bulk.
CREATE INDEX IF NOT EXISTS idx_orders_search_trgm ON orders
    USING GIN ((order_number || ' ' || customer_name || ' ' || customer_phone) gin_trgm_ops);
-- Users: names and username anywhere (UserDirectory.SearchText); users are written at sign-up and
-- on profile changes only.
CREATE INDEX IF NOT EXISTS idx_users_search_trgm ON users
    USING GIN ((first_name || ' ' || coalesce(last_name, '') || ' ' || coalesce(username, '')) gin_trgm_ops);
-- Phones by their digits (a LIKE fragment, as typed without spaces).
CREATE INDEX IF NOT EXISTS idx_users_phone_trgm ON users USING GIN (phone gin_trgm_ops) WHERE phone IS NOT NULL;
