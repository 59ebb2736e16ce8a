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
        if (outcomes.Any(o => o.Status == SyncStatuses.Failed))
            throw new InvalidOperationException(string.Join("; ", outcomes.Where(o => o.Status == SyncStatuses.Failed).Select(o => $"{o.Slug}: {o.Error}")));
        // Items a marketplace refused for now (OZON's 30 s per item) go again once that has passed.
        if (outcomes.Any(o => o.Status == SyncStatuses.Partial))
            throw new OutboxRetryLaterException(options.Value.OzonItemCooldown, "some items were not accepted yet");
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
