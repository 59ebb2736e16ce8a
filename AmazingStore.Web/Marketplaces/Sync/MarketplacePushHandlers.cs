using AmazingStore.Data.Outbox;
using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Marketplaces.Sync;

/// <summary>
/// Drains MarketplaceStockPush / MarketplacePricePush rows. The payload's product ids are only a
/// hint: each run pushes every item whose value changed since its last push, so one run covers
/// many rows and the rows after it find nothing left to send (coalescing without bookkeeping).
/// </summary>
public abstract class MarketplacePushHandler(MarketplaceSyncRunner runner, IOptions<MarketplaceOptions> options, string syncType) : IOutboxHandler
{
    public abstract string Type { get; }

    public bool Coalesces => true;

    public async Task HandleAsync(OutboxItem item, CancellationToken ct)
    {
        var outcomes = await runner.RunAllAsync(syncType, SyncTriggers.Outbox, full: false, ct);
        // A run that failed as a whole (marketplace or database away) goes again with the outbox's backoff.
        var broken = outcomes.Where(o => o.RunFailed).ToList();
        if (broken.Count > 0)
            throw new InvalidOperationException(string.Join("; ", broken.Select(o => $"{o.Slug}: {o.Error}")));
        // Items a marketplace refused only for its per-item cooldown (OZON's 30 s per pair) go again once
        // that has passed. Items refused for any other reason stay recorded as errors on their mappings
        // (the run is logged partial or failed) and go with the next change or scheduled run: waiting
        // here would not change the marketplace's answer.
        var cooling = outcomes.Where(o => o.CoolingDown > 0).ToList();
        if (cooling.Count > 0)
            throw new OutboxRetryLaterException(options.Value.OzonItemCooldown,
                "per-item cooldown: " + string.Join(", ", cooling.Select(o => $"{o.Slug} {o.CoolingDown} item(s)")));
    }
}

public sealed class MarketplaceStockPushHandler(MarketplaceSyncRunner runner, IOptions<MarketplaceOptions> options)
    : MarketplacePushHandler(runner, options, SyncTypes.Stock)
{
    public override string Type => OutboxTypes.MarketplaceStockPush;
}

public sealed class MarketplacePricePushHandler(MarketplaceSyncRunner runner, IOptions<MarketplaceOptions> options)
    : MarketplacePushHandler(runner, options, SyncTypes.Price)
{
    public override string Type => OutboxTypes.MarketplacePricePush;
}
