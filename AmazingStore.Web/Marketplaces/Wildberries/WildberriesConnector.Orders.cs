using System.Globalization;
using System.Text.Json;
using AmazingStore.Web.Marketplaces.Connectors;

namespace AmazingStore.Web.Marketplaces.Wildberries;

/// <summary>
/// FBS orders: one task per unit (ten units in one cart are ten tasks sharing an orderUid), listed
/// without their status; the status comes from a separate call by task id. An order's task ids are its
/// refs, so an open order can be re-read by them however old it is.
/// </summary>
public sealed partial class WildberriesConnector
{
    /// <summary>Largest <c>limit</c> of <c>GET /api/v3/orders</c>, and most task ids one status call takes.</summary>
    public const int OrdersPage = 1000;
    /// <summary>Bound on the pages of one listing: 100 000 tasks.</summary>
    private const int MaxOrderPages = 100;
    /// <summary><c>GET /api/v3/orders</c> answers for at most 30 calendar days between dateFrom and dateTo.</summary>
    public static readonly TimeSpan MaxOrdersSpan = TimeSpan.FromDays(30);
    /// <summary>Refs-less orders are looked up in at most this many 30-day listings per run.</summary>
    private const int MaxLookupWindows = 4;

    /// <summary>
    /// One status call takes 1000 task ids and most orders are one or two units, so 1000 open orders cost
    /// one to three of the 300 requests a minute the marketplace API allows (stock pushes and the order
    /// poll share them): a run every few minutes re-reads ten thousand open orders an hour.
    /// </summary>
    public int RefreshBatchSize => 1000;

    public Task<ExternalOrder?> FetchOrderAsync(MarketplaceContext ctx, string externalId, CancellationToken ct) =>
        Task.FromResult<ExternalOrder?>(null); // WB has no pushes.

    public async Task<IReadOnlyList<ExternalOrder>> FetchOrdersAsync(MarketplaceContext ctx, DateTime since, CancellationToken ct)
    {
        // New tasks first; then every task since `since` with its status, so cancellations are seen.
        var tasks = new Dictionary<long, JsonElement>();
        using (var r = await http.SendAsync(Slug, () => Request(ctx, HttpMethod.Get, ctx.Url("/api/v3/orders/new"), null), ct))
        {
            await MarketplaceHttp.EnsureSuccessAsync(r, "wildberries new orders", ct);
            using var doc = await r.ReadJsonAsync(ct);
            foreach (var t in doc.RootElement.Arr("orders")) if (t.Long("id") is { } id) tasks[id] = t.Clone();
        }
        // WB refuses a span over 30 days; anything older is the refresh's to follow.
        var to = clock.GetUtcNow().UtcDateTime;
        var from = since < to - MaxOrdersSpan ? to - MaxOrdersSpan : since;
        await ListTasksAsync(ctx, from, to, t => tasks.TryAdd(t.Long("id")!.Value, t.Clone()), ct);
        var statuses = await StatusesAsync(ctx, tasks.Keys, ct);
        return tasks.Values.GroupBy(t => t.Str("orderUid") ?? t.Str("id") ?? "").Select(g => Map(g.Key, g.ToList(), statuses)).ToList();
    }

    /// <summary>
    /// Re-reads open orders by their task ids (status calls of 1000 ids). An order imported before refs
    /// were kept has none: its tasks are found by orderUid in the task list around the day we created it
    /// (30-day listings, a few per run) and returned with its refs, so it can be stored and never looked up again.
    /// An order none of whose tasks WB returns is left out.
    /// </summary>
    public async Task<IReadOnlyList<ExternalOrder>> RefreshOrdersAsync(MarketplaceContext ctx, IReadOnlyList<OpenOrder> open, CancellationToken ct)
    {
        var taskIds = open.ToDictionary(o => o.ExternalId, o => o.Refs
            .Select(r => long.TryParse(r, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id) ? id : (long?)null)
            .OfType<long>().Distinct().ToList());
        var refless = open.Where(o => taskIds[o.ExternalId].Count == 0).ToList();
        if (refless.Count > 0) await FindTasksAsync(ctx, refless, taskIds, ct);

        var statuses = await StatusesAsync(ctx, taskIds.Values.SelectMany(ids => ids).Distinct(), ct);
        var refreshed = new List<ExternalOrder>();
        foreach (var (orderUid, ids) in taskIds)
        {
            var known = ids.Where(statuses.ContainsKey).Select(id => statuses[id]).ToList();
            if (known.Count == 0) continue;
            var (status, external) = Aggregate(known);
            refreshed.Add(new ExternalOrder(orderUid, status, external, [], Refs: Refs(ids)));
        }
        return refreshed;
    }

    /// <summary>Finds the task ids of refs-less orders in the 30-day listings that cover the days we created them.</summary>
    private async Task FindTasksAsync(MarketplaceContext ctx, List<OpenOrder> refless, Dictionary<string, List<long>> taskIds, CancellationToken ct)
    {
        var wanted = refless.Select(o => o.ExternalId).ToHashSet(StringComparer.Ordinal);
        var now = clock.GetUtcNow().UtcDateTime;
        var margin = TimeSpan.FromDays(1); // our creation time trails WB's createdAt by up to a poll, and clocks differ
        var pending = refless.Select(o => o.CreatedAt).Order().ToList();
        for (var window = 0; window < MaxLookupWindows && pending.Count > 0; window++)
        {
            var from = pending[0] - margin;
            var to = from + MaxOrdersSpan;
            if (to > now) to = now;
            if (from >= to) break;
            await ListTasksAsync(ctx, from, to, t =>
            {
                if (t.Str("orderUid") is { } uid && wanted.Contains(uid) && t.Long("id") is { } id && !taskIds[uid].Contains(id))
                    taskIds[uid].Add(id);
            }, ct);
            pending.RemoveAll(c => c + margin <= to);
        }
    }

    /// <summary>
    /// Every task created in [from, to], paged by <c>next</c>: the reply's <c>next</c> is passed back until a
    /// page comes back empty or <c>next</c> stops moving (a short page is not taken as the end).
    /// </summary>
    private async Task ListTasksAsync(MarketplaceContext ctx, DateTime from, DateTime to, Action<JsonElement> onTask, CancellationToken ct)
    {
        var dateFrom = new DateTimeOffset(from, TimeSpan.Zero).ToUnixTimeSeconds();
        var dateTo = new DateTimeOffset(to, TimeSpan.Zero).ToUnixTimeSeconds();
        long next = 0;
        for (var page = 0; page < MaxOrderPages; page++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"/api/v3/orders?limit={OrdersPage}&next={next}&dateFrom={dateFrom}&dateTo={dateTo}");
            using var r = await http.SendAsync(Slug, () => Request(ctx, HttpMethod.Get, ctx.Url(path), null), ct);
            await MarketplaceHttp.EnsureSuccessAsync(r, "wildberries orders", ct);
            using var doc = await r.ReadJsonAsync(ct);
            var list = doc.RootElement.Arr("orders").Where(t => t.Long("id") is not null).ToList();
            foreach (var t in list) onTask(t);
            var after = doc.RootElement.Long("next") ?? 0;
            if (list.Count == 0 || after == 0 || after == next) return;
            next = after;
        }
    }

    /// <summary>supplierStatus and wbStatus of each task WB knows, 1000 ids per call.</summary>
    private async Task<Dictionary<long, (string Supplier, string Wb)>> StatusesAsync(MarketplaceContext ctx, IEnumerable<long> ids, CancellationToken ct)
    {
        var statuses = new Dictionary<long, (string Supplier, string Wb)>();
        foreach (var batch in ids.Chunk(OrdersPage))
        {
            var body = new { orders = batch };
            using var r = await http.SendAsync(Slug, () => Request(ctx, HttpMethod.Post, ctx.Url("/api/v3/orders/status"), body), ct);
            await MarketplaceHttp.EnsureSuccessAsync(r, "wildberries order statuses", ct);
            using var doc = await r.ReadJsonAsync(ct);
            foreach (var s in doc.RootElement.Arr("orders"))
                if (s.Long("id") is { } id) statuses[id] = (s.Str("supplierStatus") ?? "", s.Str("wbStatus") ?? "");
        }
        return statuses;
    }

    private static IReadOnlyList<string> Refs(IEnumerable<long> taskIds) =>
        taskIds.Order().Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();

    /// <summary>One order per orderUid: its tasks (one per unit) summed per chrtId; prices /100.</summary>
    private static ExternalOrder Map(string orderUid, List<JsonElement> tasks, Dictionary<long, (string Supplier, string Wb)> statuses)
    {
        var lines = tasks.GroupBy(t => t.Str("chrtId") ?? "").Select(g => new ExternalOrderLine(
            g.Key, ExternalKeyKind.MarketplaceSku, g.Count(),
            (g.First().Dec("convertedPrice") ?? g.First().Dec("price")) / 100m,
            g.First().Str("article"), g.First().Str("article"))).ToList();
        var (status, external) = Aggregate(tasks.Select(t => statuses.TryGetValue(t.Long("id") ?? 0, out var s) ? s : ("new", "waiting")).ToList());
        var first = tasks[0];
        return new ExternalOrder(orderUid, status, external, lines, "", "",
            first.Obj("address").Str("fullAddress"), first.Str("comment"), Refs(tasks.Select(t => t.Long("id") ?? 0)));
    }

    /// <summary>The order is cancelled only when every unit is; otherwise it is as far as its slowest unit.</summary>
    private static (string Status, string External) Aggregate(IReadOnlyList<(string Supplier, string Wb)> taskStatuses)
    {
        var mapped = taskStatuses.Select(s => MapStatus(s.Supplier, s.Wb)).ToList();
        var status = mapped.All(m => m == StoreStatus.Cancelled) ? StoreStatus.Cancelled
            : mapped.Where(m => m != StoreStatus.Cancelled).MinBy(StoreStatus.Rank)!;
        return (status, string.Join(",", taskStatuses.Select(s => $"{s.Supplier}/{s.Wb}").Distinct()));
    }

    public static string MapStatus(string supplier, string wb)
    {
        if (supplier == "cancel" || wb is "canceled" or "canceled_by_client" or "declined_by_client" or "defect") return StoreStatus.Cancelled;
        if (wb == "sold") return StoreStatus.Delivered;
        if (supplier == "complete" || wb is "sorted" or "ready_for_pickup") return StoreStatus.Shipped;
        if (supplier == "confirm") return StoreStatus.Confirmed;
        return StoreStatus.Pending;
    }
}
