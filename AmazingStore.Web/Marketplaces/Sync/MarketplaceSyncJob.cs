using Hangfire;
using Hangfire.Server;

namespace AmazingStore.Web.Marketplaces.Sync;

/// <summary>
/// The Hangfire jobs of marketplace sync: a scheduled run (one link of the chain <see cref="SyncSchedule"/>
/// keeps per marketplace and type) and a run on demand. Runs of one marketplace and type never overlap,
/// whoever started them: <see cref="MarketplaceSyncRunner"/> holds an advisory lock per marketplace and type.
/// No automatic retries: a scheduled run that failed is followed by the next one anyway, and a run asked
/// for shows its failure in sync_logs and on the dashboard.
/// </summary>
public sealed class MarketplaceSyncJob(MarketplaceSyncRunner runner, SyncSchedule schedule, TimeProvider clock)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("{0} {1}: scheduled run due {2:u}")]
    public async Task RunScheduledAsync(string slug, string type, DateTime dueUtc, PerformContext? context, CancellationToken ct)
    {
        dueUtc = DateTime.SpecifyKind(dueUtc, DateTimeKind.Utc);
        // Only the chain's current link runs (and schedules the next one); anything else is a stale copy.
        if (context is null || !schedule.Advance(slug, type, dueUtc, context.BackgroundJob.Id)) return;
        // Hangfire's schedule keeps whole seconds (a job is due from the start of its second): wait out the rest.
        var early = dueUtc - clock.GetUtcNow().UtcDateTime;
        if (early > TimeSpan.Zero) await Task.Delay(early, clock, ct);
        await runner.RunAsync(slug, type, SyncTriggers.Schedule, full: false, ct, dueUtc);
    }

    /// <summary>A manual run pushes everything (the "full push on demand"); scheduled ones only what changed.</summary>
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("{0} {1}: {2} run")]
    public Task RunNowAsync(string slug, string type, string trigger, CancellationToken ct) =>
        runner.RunAsync(slug, type, trigger, full: true, ct);
}
