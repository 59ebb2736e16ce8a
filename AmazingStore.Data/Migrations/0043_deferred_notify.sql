-- Found by the checkout benchmark: a transaction that sends NOTIFY holds one database-wide lock from
-- just before its commit until the commit is on disk, so every order (catalog and outbox triggers)
-- waited for the previous order's WAL flush: commits went one at a time instead of in groups.
-- A transaction that sets amazing.defer_notify = 'on' collects its notifications instead (deduplicated,
-- one "channel:payload" per line in amazing.pending_notify); the committer reads them before commit
-- and sends them right after, in a transaction of their own that does not wait for the disk
-- (DbSignals.SendDeferredAsync). Every other writer still notifies as before.
CREATE FUNCTION amazing_notify(channel TEXT, payload TEXT) RETURNS VOID AS $$
DECLARE
    line TEXT := channel || ':' || payload || E'\n';
    pending TEXT;
BEGIN
    IF current_setting('amazing.defer_notify', true) = 'on' THEN
        pending := COALESCE(current_setting('amazing.pending_notify', true), '');
        IF position(line IN pending) = 0 THEN
            PERFORM set_config('amazing.pending_notify', pending || line, true);
        END IF;
    ELSE
        PERFORM pg_notify(channel, payload);
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION notify_outbox_insert() RETURNS TRIGGER AS $$
BEGIN
    PERFORM amazing_notify('outbox', NEW.type);
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION notify_catalog_changed() RETURNS TRIGGER AS $$
BEGIN
    IF current_setting('amazing.quiet_catalog', true) IS DISTINCT FROM 'on' THEN
        PERFORM amazing_notify('catalog', TG_TABLE_NAME);
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
