using System.Globalization;
using System.Net;
using System.Text.Json;
using AmazingStore.Web.Marketplaces.Connectors;

namespace AmazingStore.Web.Marketplaces.Wildberries;

/// <summary>
/// Wildberries: stock by chrtId per warehouse (1000 per request, success is an empty 204, 409
/// bodies are arrays and StoreIsProcessing means "retry shortly", a 409 costs 10 requests of the
/// 300/min), prices by nmID on the prices host, FBS orders as one task per unit with prices in
/// minor units (×100).
/// </summary>
public sealed class WildberriesConnector(MarketplaceHttp http) : IMarketplaceConnector
{
    public const int StockBatch = 1000;
    public const int PriceBatch = 1000;
    public const string DefaultPricesHost = "https://discounts-prices-api.wildberries.ru";
    private const int ConflictCost = 10;

    public string Slug => "wildberries";
    public int RefreshBatchSize => 1000; // TODO(scaffold): set and explain per API
    public int StockBatchSize => StockBatch;

    private static HttpRequestMessage Request(MarketplaceContext ctx, HttpMethod method, Uri url, object? body)
    {
        var r = MarketplaceHttp.JsonRequest(method, url, body);
        r.Headers.TryAddWithoutValidation("Authorization", ctx.Credential("api_key"));
        return r;
    }

    public async Task<IReadOnlyList<ItemFailure>> PushStockAsync(MarketplaceContext ctx, IReadOnlyList<StockUpdate> items, CancellationToken ct)
    {
        var failures = new List<ItemFailure>();
        var defaultWarehouse = ctx.Setting("warehouse_id");
        foreach (var warehouse in items.GroupBy(i => i.Mapping.WarehouseId ?? defaultWarehouse))
        {
            if (warehouse.Key is null)
            {
                failures.AddRange(warehouse.Select(i => new ItemFailure(i.Mapping.Id, "no warehouse_id (setting or mapping)")));
                continue;
            }
            var valid = warehouse.Where(i => long.TryParse(i.Mapping.MarketplaceSku, out _)).ToList();
            failures.AddRange(warehouse.Except(valid).Select(i => new ItemFailure(i.Mapping.Id, "marketplace_sku must be the numeric chrtId")));
            foreach (var batch in valid.Chunk(StockBatch))
            {
                var body = new { stocks = batch.Select(i => new { chrtId = long.Parse(i.Mapping.MarketplaceSku!, CultureInfo.InvariantCulture), amount = Math.Min(i.Amount, 100_000) }).ToArray() };
                var url = ctx.Url($"/api/v3/stocks/{Uri.EscapeDataString(warehouse.Key)}");
                using var r = await http.SendAsync(Slug, () => Request(ctx, HttpMethod.Put, url, body), ct, ConflictCost);
                if (r.StatusCode == HttpStatusCode.NoContent || r.IsSuccessStatusCode) continue;
                // Still "processing" after the pipeline's retries: the store is busy, not the items wrong,
                // so the run fails as a whole and is retried instead of the items being recorded as refused.
                if (r.StatusCode == HttpStatusCode.Conflict && await MarketplacePipelines.IsStoreProcessingAsync(r))
                    throw new MarketplaceException("wildberries set stock: HTTP 409 StoreIsProcessing after retries");
                if (r.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.BadRequest)
                {
                    var message = await ErrorTextAsync(r, ct);
                    failures.AddRange(batch.Select(i => new ItemFailure(i.Mapping.Id, message)));
                    continue;
                }
                await MarketplaceHttp.EnsureSuccessAsync(r, "wildberries set stock", ct);
            }
        }
        return failures;
    }

    /// <summary>WB error bodies: a 409 array of {code, message}, or a single object.</summary>
    private static async Task<string> ErrorTextAsync(HttpResponseMessage r, CancellationToken ct)
    {
        using var doc = await r.ReadJsonAsync(ct);
        var errors = doc.RootElement.ValueKind == JsonValueKind.Array ? doc.RootElement.EnumerateArray().ToList() : [doc.RootElement];
        return $"HTTP {(int)r.StatusCode} " + string.Join("; ", errors.Select(e => $"{e.Str("code", "title")}: {e.Str("message", "detail")}"));
    }

    public async Task<IReadOnlyList<ItemFailure>> PushPricesAsync(MarketplaceContext ctx, IReadOnlyList<PriceUpdate> items, CancellationToken ct)
    {
        var host = ctx.Setting("prices_api_base_url") ?? DefaultPricesHost;
        var failures = new List<ItemFailure>();
        var byNm = items.Where(i => long.TryParse(i.Mapping.MarketplaceProductId, out _)).GroupBy(i => i.Mapping.MarketplaceProductId).ToList();
        failures.AddRange(items.Where(i => !long.TryParse(i.Mapping.MarketplaceProductId, out _)).Select(i => new ItemFailure(i.Mapping.Id, "marketplace_product_id must be the numeric nmID")));
        foreach (var batch in byNm.Chunk(PriceBatch))
        {
            var body = new
            {
                data = batch.Select(g =>
                {
                    var i = g.First();
                    var discount = i.SalePrice is { } sale && i.Price > 0 && sale < i.Price ? (int)Math.Round((1 - sale / i.Price) * 100) : 0;
                    return new Dictionary<string, object> { ["nmID"] = long.Parse(g.Key, CultureInfo.InvariantCulture), ["price"] = (long)Math.Round(i.Price, MidpointRounding.AwayFromZero), ["discount"] = discount };
                }).ToArray(),
            };
            using var r = await http.SendAsync("wildberries-prices", () => Request(ctx, HttpMethod.Post, ctx.Url("/api/v2/upload/task", host), body), ct);
            // 208: the same upload already exists — nothing left to do.
            if (r.StatusCode == HttpStatusCode.AlreadyReported) continue;
            if (r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity)
            {
                var message = await ErrorTextAsync(r, ct);
                failures.AddRange(batch.SelectMany(g => g).Select(i => new ItemFailure(i.Mapping.Id, message)));
                continue;
            }
            await MarketplaceHttp.EnsureSuccessAsync(r, "wildberries set prices", ct);
            using var doc = await r.ReadJsonAsync(ct);
            if (doc.RootElement.Str("error") == "true")
                failures.AddRange(batch.SelectMany(g => g).Select(i => new ItemFailure(i.Mapping.Id, doc.RootElement.Str("errorText") ?? "error")));
        }
        return failures;
    }

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
        var from = new DateTimeOffset(since, TimeSpan.Zero).ToUnixTimeSeconds();
        long next = 0;
        for (var page = 0; page < 100; page++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"/api/v3/orders?limit=1000&next={next}&dateFrom={from}");
            using var r = await http.SendAsync(Slug, () => Request(ctx, HttpMethod.Get, ctx.Url(path), null), ct);
            await MarketplaceHttp.EnsureSuccessAsync(r, "wildberries orders", ct);
            using var doc = await r.ReadJsonAsync(ct);
            var list = doc.RootElement.Arr("orders").ToList();
            foreach (var t in list) if (t.Long("id") is { } id) tasks.TryAdd(id, t.Clone());
            next = doc.RootElement.Long("next") ?? 0;
            if (list.Count < 1000 || next == 0) break;
        }
        var statuses = new Dictionary<long, (string Supplier, string Wb)>();
        foreach (var batch in tasks.Keys.Chunk(1000))
        {
            var body = new { orders = batch };
            using var r = await http.SendAsync(Slug, () => Request(ctx, HttpMethod.Post, ctx.Url("/api/v3/orders/status"), body), ct);
            await MarketplaceHttp.EnsureSuccessAsync(r, "wildberries order statuses", ct);
            using var doc = await r.ReadJsonAsync(ct);
            foreach (var s in doc.RootElement.Arr("orders"))
                if (s.Long("id") is { } id) statuses[id] = (s.Str("supplierStatus") ?? "", s.Str("wbStatus") ?? "");
        }
        return tasks.Values.GroupBy(t => t.Str("orderUid") ?? t.Str("id") ?? "").Select(g => Map(g.Key, g.ToList(), statuses)).ToList();
    }

    public Task<ExternalOrder?> FetchOrderAsync(MarketplaceContext ctx, string externalId, CancellationToken ct) =>
        Task.FromResult<ExternalOrder?>(null); // WB has no pushes.

    public Task<IReadOnlyList<ExternalOrder>> RefreshOrdersAsync(MarketplaceContext ctx, IReadOnlyList<OpenOrder> open, CancellationToken ct) =>
        throw new NotImplementedException("TODO(scaffold)");

    public Task<IReadOnlyList<CatalogListing>> ListCatalogAsync(MarketplaceContext ctx, CancellationToken ct) =>
        throw new NotImplementedException("TODO(scaffold)");

    /// <summary>One order per orderUid: its tasks (one per unit) summed per chrtId; prices /100.</summary>
    private static ExternalOrder Map(string orderUid, List<JsonElement> tasks, Dictionary<long, (string Supplier, string Wb)> statuses)
    {
        var lines = tasks.GroupBy(t => t.Str("chrtId") ?? "").Select(g => new ExternalOrderLine(
            g.Key, ExternalKeyKind.MarketplaceSku, g.Count(),
            (g.First().Dec("convertedPrice") ?? g.First().Dec("price")) / 100m,
            g.First().Str("article"), g.First().Str("article"))).ToList();
        var taskStatuses = tasks.Select(t => statuses.TryGetValue(t.Long("id") ?? 0, out var s) ? s : ("new", "waiting")).ToList();
        var mapped = taskStatuses.Select(s => MapStatus(s.Item1, s.Item2)).ToList();
        // The order is cancelled only when every unit is; otherwise it is as far as its slowest unit.
        var status = mapped.All(m => m == StoreStatus.Cancelled) ? StoreStatus.Cancelled
            : mapped.Where(m => m != StoreStatus.Cancelled).MinBy(StoreStatus.Rank)!;
        var external = string.Join(",", taskStatuses.Select(s => $"{s.Item1}/{s.Item2}").Distinct());
        var first = tasks[0];
        return new ExternalOrder(orderUid, status, external, lines, "", "",
            first.Obj("address").Str("fullAddress"), first.Str("comment"));
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
