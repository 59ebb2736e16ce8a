using AmazingStore.Data;
using AmazingStore.Web.Marketplaces.Connectors;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Web.Marketplaces.Sync;

/// <summary>
/// Where an order poll starts: at the last successful poll of that marketplace minus
/// <see cref="MarketplaceOptions.OrdersPollOverlap"/>, so a host that was down for days catches up;
/// <see cref="MarketplaceOptions.OrdersLookBack"/> back when there was none; never further back than
/// <see cref="MarketplaceOptions.OrdersMaxLookBack"/>.
/// The marketplaces list orders by creation time and Uzum and WB push nothing, so a poll is the only
/// way a cancellation of an order we hold open (whose reservation it releases) reaches us. While the
/// marketplace has such orders from within OrdersLookBack, the poll therefore still reaches that far
/// back, as the fixed window did; only with none open does it shrink to the time since the last poll.
/// </summary>
public static class OrderPollWindow
{
    private static readonly string[] Open = [StoreStatus.Pending, StoreStatus.Confirmed, StoreStatus.Shipped];

    public static async Task<DateTime> SinceAsync(StoreDb db, int marketplaceId, DateTime now, MarketplaceOptions o, CancellationToken ct)
    {
        var lastSuccess = await db.SyncLogs.AsNoTracking()
            .Where(l => l.MarketplaceId == marketplaceId && l.SyncType == SyncTypes.Orders && l.Status == SyncStatuses.Success)
            .MaxAsync(l => (DateTime?)l.StartedAt, ct);
        var since = lastSuccess is { } last ? last - o.OrdersPollOverlap : now - o.OrdersLookBack;

        var followFrom = now - o.OrdersLookBack;
        if (since > followFrom && await db.Orders.AsNoTracking().AnyAsync(x => x.MarketplaceId == marketplaceId && x.MarketplaceOrderId != null
                && Open.Contains(x.Status) && x.CreatedAt >= followFrom, ct))
            since = followFrom;

        // A last poll stamped ahead of this host's clock (another instance) must not skip the present.
        if (since > now - o.OrdersPollOverlap) since = now - o.OrdersPollOverlap;
        var floor = now - o.OrdersMaxLookBack;
        return since < floor ? floor : since;
    }
}
