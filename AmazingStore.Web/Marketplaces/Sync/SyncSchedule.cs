using System.Globalization;
using Hangfire;
using Hangfire.States;
using Hangfire.Storage;

namespace AmazingStore.Web.Marketplaces.Sync;

/// <summary>
/// The marketplace sync schedule on Hangfire: per marketplace and type ("ozon.stock") a chain of delayed
/// jobs, each of which schedules the next one an interval after its own due time, then runs.
/// <para>
/// Why a chain and not a recurring job: intervals are any number of minutes (90 is not a cron schedule:
/// "*/90" restarts every hour), and tests shorten a minute to two seconds (IntervalUnit), below what a
/// minute cron can say. Delayed jobs take any due time; Hangfire's schedule has whole-second resolution
/// and is polled every SchedulePollingInterval, so a link may be picked up early within its second (it
/// waits out the rest) or late by up to one poll.
/// </para>
/// <para>
/// Each run happens once across instances: the hash "marketplace-sync:slug.type" records the one pending
/// link (job id, due time, interval) and is only changed under Hangfire's distributed lock of the same
/// name. A link that is not the recorded one (a copy re-run after a crash, a chain replaced by a new
/// interval) does nothing. A link that starts over a minute late skips the slots missed since rather than
/// running them all back to back.
/// </para>
/// </summary>
public sealed class SyncSchedule(JobStorage storage, IBackgroundJobClient jobs, TimeProvider clock)
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MisfireThreshold = TimeSpan.FromMinutes(1);

    public static string Key(string slug, string type) => $"marketplace-sync:{slug}.{type}";

    /// <summary>
    /// Held while the marketplaces table is read and the chains set from it: an instance that read an
    /// interval before an admin changed it must not set its chain after the admin's instance set the new one.
    /// </summary>
    public IDisposable LockInstall()
    {
        var connection = storage.GetConnection();
        try { return new Held(connection, connection.AcquireDistributedLock("marketplace-sync:install", LockTimeout)); }
        catch { connection.Dispose(); throw; }
    }

    private sealed class Held(IStorageConnection connection, IDisposable distributedLock) : IDisposable
    {
        public void Dispose()
        {
            distributedLock.Dispose();
            connection.Dispose();
        }
    }

    /// <summary>
    /// Makes the chain of <paramref name="slug"/>/<paramref name="type"/> run every <paramref name="interval"/>
    /// (null: not at all). A healthy chain with that interval is left as it is, so every instance may call this.
    /// </summary>
    public void Ensure(string slug, string type, TimeSpan? interval)
    {
        var key = Key(slug, type);
        using var connection = storage.GetConnection();
        using var held = connection.AcquireDistributedLock(key, LockTimeout);
        var entries = connection.GetAllEntriesFromHash(key);
        var pending = entries?.GetValueOrDefault("job");
        var pendingState = pending is null ? null : connection.GetStateData(pending)?.Name;
        var alive = pendingState == ScheduledState.StateName || pendingState == EnqueuedState.StateName || pendingState == ProcessingState.StateName;

        if (interval is { } every && alive && entries!.GetValueOrDefault("interval") == Format(every)) return;
        // Deleted before it runs; a link already running finds itself replaced and does nothing.
        if (alive) jobs.Delete(pending!);
        if (interval is { } wanted)
            ScheduleNext(connection, slug, type, clock.GetUtcNow().UtcDateTime + wanted, wanted);
        else if (entries is not null)
        {
            using var tx = connection.CreateWriteTransaction();
            tx.RemoveHash(key);
            tx.Commit();
        }
    }

    /// <summary>
    /// Called by the link <paramref name="jobId"/> due at <paramref name="dueUtc"/> as it starts: schedules the
    /// next link and returns true when it is the chain's current one, false when it must not run.
    /// </summary>
    public bool Advance(string slug, string type, DateTime dueUtc, string jobId)
    {
        var key = Key(slug, type);
        using var connection = storage.GetConnection();
        using var held = connection.AcquireDistributedLock(key, LockTimeout);
        var entries = connection.GetAllEntriesFromHash(key);
        if (entries?.GetValueOrDefault("job") != jobId
            || !TimeSpan.TryParseExact(entries.GetValueOrDefault("interval"), "c", CultureInfo.InvariantCulture, out var interval)
            || interval <= TimeSpan.Zero) return false;
        var now = clock.GetUtcNow().UtcDateTime;
        var next = dueUtc + interval;
        // A busy moment delays links; slots missed by less than a minute still run (back to back), later
        // ones are skipped: Quartz's default misfire threshold, which the schedule had before.
        if (next < now - MisfireThreshold) next += interval * Math.Ceiling((now - next) / interval + 1e-9);
        ScheduleNext(connection, slug, type, next, interval);
        return true;
    }

    private void ScheduleNext(IStorageConnection connection, string slug, string type, DateTime dueUtc, TimeSpan interval)
    {
        var id = jobs.Schedule<MarketplaceSyncJob>(j => j.RunScheduledAsync(slug, type, dueUtc, null, CancellationToken.None), new DateTimeOffset(dueUtc));
        using var tx = connection.CreateWriteTransaction();
        tx.SetRangeInHash(Key(slug, type), [
            new("job", id),
            new("due", dueUtc.ToString("O", CultureInfo.InvariantCulture)),
            new("interval", Format(interval)),
        ]);
        tx.Commit();
    }

    private static string Format(TimeSpan interval) => interval.ToString("c", CultureInfo.InvariantCulture);
}
