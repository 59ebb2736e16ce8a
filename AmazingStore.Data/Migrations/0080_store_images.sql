-- 0080_store_images.sql — pictures the admin uploads for banners, categories and products (issue 19 item 9).
-- Kept in the database, not the data folder: pg_dump backups and restores carry them with the rows that
-- point at them, and every instance serves the same bytes. They are small (at most ~2 MB each, a few hundred
-- in a shop), and served with year-long immutable caching, so the database reads each one rarely.
-- An image never changes after upload: a new picture is a new id (and a new URL).
CREATE TABLE store_images (
    id            UUID         PRIMARY KEY,
    content_type  VARCHAR(20)  NOT NULL,
    extension     VARCHAR(5)   NOT NULL,
    bytes         BYTEA        NOT NULL,
    sha256        VARCHAR(64)  NOT NULL,
    uploaded_by   INTEGER      REFERENCES users(id) ON DELETE SET NULL,
    created_at    TIMESTAMPTZ  NOT NULL DEFAULT NOW(),
    CONSTRAINT chk_store_images_type CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
    CONSTRAINT chk_store_images_size CHECK (octet_length(bytes) BETWEEN 1 AND 2097152)
);
