-- Every instance caches catalog replies in memory; any change to the catalog or to stock tells all
-- of them through NOTIFY 'catalog' (delivered on commit, once per statement, not per row).
-- The view-count flush sets amazing.quiet_catalog for its own transaction: a counter that is behind
-- by a few seconds anyway must not empty every cache every few seconds.
CREATE FUNCTION notify_catalog_changed() RETURNS TRIGGER AS $$
BEGIN
    IF current_setting('amazing.quiet_catalog', true) IS DISTINCT FROM 'on' THEN
        PERFORM pg_notify('catalog', TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER products_catalog_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER categories_catalog_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER banners_catalog_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON banners
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
CREATE TRIGGER inventory_catalog_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON inventory
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
