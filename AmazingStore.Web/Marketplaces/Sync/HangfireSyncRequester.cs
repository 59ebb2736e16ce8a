using AmazingStore.Data.Marketplaces;
using Hangfire;

namespace AmazingStore.Web.Marketplaces.Sync;

/// <summary>Runs a sync now by enqueueing a Hangfire job (on whichever instance's server picks it up).</summary>
public sealed class HangfireSyncRequester(IBackgroundJobClient jobs) : IMarketplaceSyncRequester
{
    public Task<bool> RequestAsync(string marketplaceSlug, string syncType, string trigger, CancellationToken ct)
    {
        if (!MarketplaceContextLoader.ApiSlugs.Contains(marketplaceSlug) || !SyncTypes.IsValid(syncType)) return Task.FromResult(false);
        foreach (var type in syncType == SyncTypes.All ? SyncTypes.Each : [syncType])
            jobs.Enqueue<MarketplaceSyncJob>(j => j.RunNowAsync(marketplaceSlug, type, trigger, CancellationToken.None));
        return Task.FromResult(true);
    }
}
