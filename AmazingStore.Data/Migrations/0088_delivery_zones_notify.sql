-- 0088_delivery_zones_notify.sql — checkout keeps the active delivery zones in memory (DeliveryZoneCache) instead of
-- reading them in a round trip of its own for every order; a change to the zones tells every instance through the
-- same deferred 'catalog' NOTIFY as the catalog's tables (payload: the table's name), and the cache drops its copy.
CREATE TRIGGER delivery_zones_catalog_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON delivery_zones
    FOR EACH STATEMENT EXECUTE FUNCTION notify_catalog_changed();
