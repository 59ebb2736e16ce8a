using AmazingStore.Data;
using AmazingStore.Data.Marketplaces;
using AmazingStore.Data.Orders;
using AmazingStore.Web.Marketplaces.Connectors;
using AmazingStore.Web.Marketplaces.Pricing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Marketplaces.Sync;

/// <summary>
/// Imports marketplace orders through the very same Data-layer code as app checkout
/// (OrderWorkflow.PlaceAsync): stock reserved atomically, the owner notified through the outbox,
/// unique on (marketplace, external id). A short order is kept and flagged (KeepWhenShort), an
/// unmapped SKU is kept as an unmapped line. Later polls move the status forward only;
/// a marketplace cancellation cancels ours, which releases the stock.
/// </summary>
public sealed class OrderImport(TimeProvider clock, IOptions<MarketplaceOptions> options, ILogger<OrderImport> log)
{
    public async Task<SyncWork> RunAsync(StoreDb db, IMarketplaceConnector connector, MarketplaceContext ctx, Marketplace row, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var since = await OrderPollWindow.SinceAsync(db, ctx.Id, now, options.Value, ct);
        var orders = await connector.FetchOrdersAsync(ctx, since, ct);
        var work = await ImportAsync(db, ctx, orders, ct);
        var refreshed = await RefreshOpenAsync(db, connector, ctx, orders.Select(o => o.ExternalId).ToHashSet(), now, ct);
        return work with
        {
            Processed = work.Processed + refreshed.Processed,
            Failed = work.Failed + refreshed.Failed,
            Error = work.Error is null ? refreshed.Error : refreshed.Error is null ? work.Error : work.Error + "; " + refreshed.Error,
        };
    }

    /// <summary>
    /// Re-reads the orders we still hold open on this marketplace that the poll did not bring, however old:
    /// the poll lists by creation time, so without this a cancellation, return or delivery of an order older
    /// than its window would never reach us (and a cancelled order would keep its stock reserved). One
    /// connector batch per run, least recently re-read first, so every open order comes round in turn.
    /// </summary>
    private async Task<SyncWork> RefreshOpenAsync(StoreDb db, IMarketplaceConnector connector, MarketplaceContext ctx, HashSet<string> polled,
        DateTime now, CancellationToken ct)
    {
        var open = await db.Orders.AsNoTracking()
            .Where(o => o.MarketplaceId == ctx.Id && o.MarketplaceOrderId != null && OpenStatuses.Contains(o.Status))
            .OrderBy(o => o.MarketplaceCheckedAt == null ? 0 : 1).ThenBy(o => o.MarketplaceCheckedAt).ThenBy(o => o.Id)
            .Take(connector.RefreshBatchSize + polled.Count)
            .Select(o => new { o.Id, o.MarketplaceOrderId, o.CreatedAt, o.MarketplaceRefs })
            .ToListAsync(ct);
        var asked = open.Where(o => !polled.Contains(o.MarketplaceOrderId!)).Take(connector.RefreshBatchSize).ToList();
        if (asked.Count == 0) return new SyncWork(0, 0, null);
        var orders = await connector.RefreshOrdersAsync(ctx,
            asked.Select(o => new OpenOrder(o.MarketplaceOrderId!, o.CreatedAt, o.MarketplaceRefs ?? [])).ToList(), ct);
        var askedIds = asked.Select(o => o.MarketplaceOrderId!).ToHashSet();
        var work = await ImportAsync(db, ctx, orders.Where(o => askedIds.Contains(o.ExternalId)).ToList(), ct);
        var ids = asked.Select(o => o.Id).ToArray();
        await db.Orders.Where(o => ids.Contains(o.Id)).ExecuteUpdateAsync(s => s.SetProperty(o => o.MarketplaceCheckedAt, now), CancellationToken.None);
        return work;
    }

    private static readonly string[] OpenStatuses = [StoreStatus.Pending, StoreStatus.Confirmed, StoreStatus.Shipped];

    public async Task<SyncWork> ImportAsync(StoreDb db, MarketplaceContext ctx, IReadOnlyList<ExternalOrder> orders, CancellationToken ct)
    {
        var failed = new List<string>();
        // Marketplace line prices are in its currency (OZON and WB: roubles and others); orders keep so'm.
        // Without a configured rate a line is priced at our own price rather than at a wrong figure.
        var (currency, _) = MarketplaceCurrency.For(ctx);
        var resolver = await LineResolver.LoadAsync(db, ctx.Id, currency, ct);
        foreach (var order in orders.Where(o => !string.IsNullOrEmpty(o.ExternalId)))
        {
            try { await ImportOneAsync(db, ctx, resolver, order, ct); }
            catch (Exception e) when (e is DbUpdateException or Npgsql.NpgsqlException or ArgumentException or InvalidOperationException)
            {
                log.LogWarning("{Slug} order {Id} not imported: {Error}", ctx.Slug, order.ExternalId, e.Message);
                failed.Add($"{order.ExternalId}: {e.Message}");
            }
            db.ChangeTracker.Clear();
        }
        return new SyncWork(orders.Count, failed.Count, failed.Count == 0 ? null : string.Join("; ", failed));
    }

    private static async Task ImportOneAsync(StoreDb db, MarketplaceContext ctx, LineResolver resolver, ExternalOrder ext, CancellationToken ct)
    {
        var existing = await db.Orders.AsNoTracking()
            .Where(o => o.MarketplaceId == ctx.Id && o.MarketplaceOrderId == ext.ExternalId)
            .Select(o => new { o.Id, o.Status }).FirstOrDefaultAsync(ct);
        int orderId;
        string status;
        if (existing is null)
        {
            // A cancellation we never saw as an order has nothing to reserve or release.
            if (ext.Status == StoreStatus.Cancelled || ext.Lines.Count == 0) return;
            var lines = ext.Lines.Where(l => l.Quantity > 0).Select(resolver.Resolve).ToList();
            if (lines.Count == 0) return;
            var result = await OrderWorkflow.PlaceAsync(db, new NewOrder(
                Source: ctx.Slug,
                ChannelSlug: ctx.Slug,
                Lines: lines,
                CustomerName: string.IsNullOrWhiteSpace(ext.CustomerName) ? $"{ctx.Slug} customer" : ext.CustomerName,
                CustomerPhone: ext.CustomerPhone,
                MarketplaceOrderId: ext.ExternalId,
                DeliveryAddress: ext.DeliveryAddress,
                DeliveryNotes: ext.DeliveryNotes,
                PaymentMethod: "marketplace",
                KeepWhenShort: true,
                ExternalStatus: ext.ExternalStatus), ct);
            (orderId, status) = result switch
            {
                PlaceResult.Placed p => (p.Order.Id, p.Order.Status),
                PlaceResult.AlreadyExists a => (a.Order.Id, a.Order.Status),
                _ => throw new InvalidOperationException("the order could not be recorded"),
            };
        }
        else (orderId, status) = (existing.Id, existing.Status);

        // What the marketplace says of the order (its status word and, for WB, its task ids) in one statement,
        // written only when it changed: every poll re-imports the orders in its window.
        var refs = ext.Refs is { Count: > 0 } r ? r.ToArray() : null;
        if (refs is null)
            await db.Orders.Where(o => o.Id == orderId && o.ExternalStatus != ext.ExternalStatus)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.ExternalStatus, ext.ExternalStatus), ct);
        else
            await db.Orders.Where(o => o.Id == orderId && (o.ExternalStatus != ext.ExternalStatus || o.MarketplaceRefs == null || o.MarketplaceRefs != refs))
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.ExternalStatus, ext.ExternalStatus).SetProperty(o => o.MarketplaceRefs, refs), ct);
        await MoveForwardAsync(db, ctx.Slug, orderId, status, ext.Status, ct);
    }

    /// <summary>
    /// Steps our order towards the marketplace's status along the order state machine; never backwards. A
    /// cancellation of an order that already left us (shipped or delivered) is a return: the goods come back
    /// to the seller, so the order walks to delivered and is returned with its units back into stock (the
    /// admin writes off what arrives damaged), which every other marketplace hears through the stock push.
    /// The owner is told of both.
    /// </summary>
    private static async Task MoveForwardAsync(StoreDb db, string slug, int orderId, string current, string target, CancellationToken ct)
    {
        var returned = target == StoreStatus.Cancelled && current is StoreStatus.Shipped or StoreStatus.Delivered;
        if (returned) target = StoreStatus.Delivered;
        foreach (var (from, to) in OrderStateMachine.PathTo(current, target))
            if (!(await OrderWorkflow.TransitionAsync(db, orderId, to, slug, ct, expectedStatus: from,
                    cancelledBy: to == StoreStatus.Cancelled ? OrderNotices.CancelledBy.Marketplace : null)).Ok) return;
        if (returned)
            await OrderWorkflow.TransitionAsync(db, orderId, OrderStatuses.Returned, slug, ct, expectedStatus: StoreStatus.Delivered,
                restock: true, cancelledBy: OrderNotices.CancelledBy.Marketplace);
    }

    /// <summary>
    /// Maps marketplace lines to our products via marketplace_products, falling back to our SKU. A
    /// marketplace product id resolves only when one mapping has it: a product with several SKUs (Uzum
    /// SKUs, WB sizes) maps each SKU to its own product, and its lines are matched by SKU.
    /// </summary>
    private sealed class LineResolver(Dictionary<string, int> byProductId, Dictionary<string, int> bySku, Dictionary<string, int> byOurSku, MarketplaceCurrency? currency)
    {
        public static async Task<LineResolver> LoadAsync(StoreDb db, int marketplaceId, MarketplaceCurrency? currency, CancellationToken ct)
        {
            var mappings = await db.MarketplaceProducts.AsNoTracking().Where(m => m.MarketplaceId == marketplaceId)
                .Select(m => new { m.ProductId, m.MarketplaceProductId, m.MarketplaceSku }).ToListAsync(ct);
            var ours = await db.Products.AsNoTracking().Select(p => new { p.Id, p.Sku }).ToListAsync(ct);
            return new LineResolver(
                mappings.GroupBy(m => m.MarketplaceProductId).Where(g => g.Select(m => m.ProductId).Distinct().Count() == 1)
                    .ToDictionary(g => g.Key, g => g.First().ProductId),
                mappings.Where(m => m.MarketplaceSku is not null).GroupBy(m => m.MarketplaceSku!).ToDictionary(g => g.Key, g => g.First().ProductId),
                ours.GroupBy(p => p.Sku).ToDictionary(g => g.Key, g => g.First().Id),
                currency);
        }

        public NewOrderLine Resolve(ExternalOrderLine l)
        {
            int? id = l.KeyKind switch
            {
                ExternalKeyKind.MarketplaceProductId => byProductId.TryGetValue(l.ProductKey, out var a) ? a : null,
                ExternalKeyKind.MarketplaceSku => bySku.TryGetValue(l.ProductKey, out var b) ? b : null,
                _ => byOurSku.TryGetValue(l.ProductKey, out var c) ? c : null,
            };
            if (id is null && l.ExternalSku is not null && byOurSku.TryGetValue(l.ExternalSku, out var d)) id = d;
            var price = l.UnitPrice is { } p && currency is not null ? currency.ToUzs(p) : (decimal?)null;
            return new NewOrderLine(id, l.Quantity, price, l.ExternalSku ?? l.ProductKey, l.Name);
        }
    }
}
