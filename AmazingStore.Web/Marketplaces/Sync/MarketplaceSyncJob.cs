using Quartz;

namespace AmazingStore.Web.Marketplaces.Sync;

/// <summary>
/// One Quartz job per marketplace and sync type (job key "slug.type"), fired by its schedule or on
/// demand. The clustered job store fires each trigger on one instance only; DisallowConcurrentExecution
/// keeps two runs of one job from overlapping.
/// </summary>
[DisallowConcurrentExecution]
public sealed class MarketplaceSyncJob(MarketplaceSyncRunner runner) : IJob
{
    public const string Group = "marketplace-sync";
    public const string SlugKey = "slug";
    public const string TypeKey = "type";
    public const string TriggerKey = "trigger";

    public static JobKey KeyFor(string slug, string type) => new($"{slug}.{type}", Group);

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var data = context.MergedJobDataMap;
        var slug = data.GetString(SlugKey) ?? "";
        var type = data.GetString(TypeKey) ?? "";
        var trigger = data.GetString(TriggerKey) ?? SyncTriggers.Schedule;
        // A manual run pushes everything (the "full push on demand"); scheduled ones only what changed.
        var scheduledFor = trigger == SyncTriggers.Schedule ? context.ScheduledFireTimeUtc?.UtcDateTime : null;
        await runner.RunAsync(slug, type, trigger, full: trigger != SyncTriggers.Schedule, cancellationToken, scheduledFor);
    }
}
