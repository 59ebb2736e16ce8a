-- 0052_hangfire_replaces_quartz.sql — schedules moved from Quartz to Hangfire (schema "hangfire", which
-- Hangfire.PostgreSql creates and upgrades itself). Quartz's job store (0003) goes, children first.
DROP TABLE IF EXISTS qrtz_fired_triggers, qrtz_paused_trigger_grps, qrtz_paused_job_grps, qrtz_scheduler_state,
    qrtz_locks, qrtz_simple_triggers, qrtz_cron_triggers, qrtz_simprop_triggers, qrtz_blob_triggers,
    qrtz_triggers, qrtz_job_details, qrtz_calendars, qrtz_execution_history, qrtz_misfire_history, qrtz_job_status;

-- The bot's dashboard links are one-time: a link's nonce is written here when it is exchanged for a
-- session, and a second exchange of the same link finds it. Rows are useless once the link expired.
CREATE TABLE dashboard_link_uses (
    nonce uuid PRIMARY KEY,
    expires_at timestamptz NOT NULL
);
