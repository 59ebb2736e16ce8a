using AmazingStore.Data.Marketplaces;
using Quartz;

namespace AmazingStore.Web.Marketplaces.Sync;

/// <summary>Runs a sync now by firing its Quartz job (on whichever instance picks it up).</summary>
public sealed class QuartzSyncRequester(ISchedulerFactory schedulers) : IMarketplaceSyncRequester
{
    public async Task<bool> RequestAsync(string marketplaceSlug, string syncType, string trigger, CancellationToken ct)
    {
        if (!MarketplaceContextLoader.ApiSlugs.Contains(marketplaceSlug) || !SyncTypes.IsValid(syncType)) return false;
        var scheduler = await schedulers.GetScheduler(ct);
        foreach (var type in syncType == SyncTypes.All ? SyncTypes.Each : [syncType])
        {
            var key = MarketplaceSyncJob.KeyFor(marketplaceSlug, type);
            if (!await scheduler.Exists(key, ct))
            {
                // Auto sync off: the durable job was never stored; store it without a schedule.
                var job = JobBuilder.Create<MarketplaceSyncJob>().WithIdentity(key)
                    .UsingJobData(MarketplaceSyncJob.SlugKey, marketplaceSlug).UsingJobData(MarketplaceSyncJob.TypeKey, type)
                    .StoreDurably().Build();
                try { await scheduler.AddJob(job, default, ct); } catch (ObjectAlreadyExistsException) { }
            }
            await scheduler.TriggerJob(key, new JobDataMap { [MarketplaceSyncJob.TriggerKey] = trigger }, ct);
        }
        return true;
    }
}
