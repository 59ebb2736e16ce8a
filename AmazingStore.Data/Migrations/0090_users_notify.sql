-- 0090_users_notify.sql — a change to a user's admin right or block tells every instance at once: each one keeps
-- recently seen users in memory (KnownUsers) and drops the user named by this NOTIFY (payload: the Telegram id),
-- so a grant or a block made on one instance no longer waits out the 30 s entry on the others.
CREATE OR REPLACE FUNCTION notify_user_access_changed() RETURNS TRIGGER AS $$
BEGIN
    PERFORM amazing_notify('users', NEW.telegram_id::text);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER users_access_notify AFTER UPDATE OF is_admin, is_active ON users
    FOR EACH ROW WHEN (OLD.is_admin IS DISTINCT FROM NEW.is_admin OR OLD.is_active IS DISTINCT FROM NEW.is_active)
    EXECUTE FUNCTION notify_user_access_changed();
