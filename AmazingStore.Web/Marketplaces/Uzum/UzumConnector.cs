using AmazingStore.Web.Marketplaces.Connectors;

namespace AmazingStore.Web.Marketplaces.Uzum;

/// <summary>
/// Uzum Market seller OpenAPI. Authorization is the raw token (no "Bearer"); dateFrom/dateTo go in
/// Unix seconds (milliseconds silently return nothing) while reply dates are milliseconds; pages
/// hold at most 100 items (orders 50).
/// </summary>
public sealed partial class UzumConnector(MarketplaceHttp http) : IMarketplaceConnector
{
    public const int StockPageSize = 100;
    public const int OrdersPageSize = 50;

    public string Slug => "uzum";
    /// <summary>
    /// Open orders re-read per run, one <c>GET /v1/fbs/order/{id}</c> each. Uzum publishes no limit; we hold
    /// ourselves to <see cref="MarketplaceOptions.UzumRequestsPerWindow"/> (120 a minute), and an orders run
    /// already spends at least 11 requests on the status lists: 40 more keeps a run under half a minute's
    /// budget, leaving stock and price pushes room. Orders inside the poll window come with the lists anyway,
    /// so this only walks the older ones: at a run every 5 minutes, 480 of them an hour.
    /// </summary>
    public int RefreshBatchSize => 40;
    public int StockBatchSize => StockPageSize;

    private static string ShopId(MarketplaceContext ctx) =>
        ctx.Setting("shop_id") ?? throw new MarketplaceException("uzum: setting shop_id is not set");

    private HttpRequestMessage Request(MarketplaceContext ctx, HttpMethod method, string path, object? body)
    {
        var r = MarketplaceHttp.JsonRequest(method, ctx.Url(path), body);
        r.Headers.TryAddWithoutValidation("Authorization", ctx.Credential("api_key"));
        return r;
    }

    public async Task<IReadOnlyList<ItemFailure>> PushStockAsync(MarketplaceContext ctx, IReadOnlyList<StockUpdate> items, CancellationToken ct)
    {
        var batches = items.Where(i => !string.IsNullOrEmpty(i.Barcode)).Chunk(StockPageSize).ToArray();
        var outcomes = new List<ItemFailure>[batches.Length];
        // Two batches in flight (the rate limiter still decides when each may go): a 10 000-item push is
        // 100 small requests, and one at a time its time was the sum of 100 round trips.
        await Parallel.ForEachAsync(Enumerable.Range(0, batches.Length), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct },
            async (n, token) =>
            {
                var body = new { skuAmountList = batches[n].Select(i => new { barcode = i.Barcode, amount = i.Amount }).ToArray() };
                using var r = await http.SendAsync(Slug, () => Request(ctx, HttpMethod.Post, "/v2/fbs/sku/stocks", body), token);
                outcomes[n] = (await EnvelopeFailuresAsync(r, batches[n].Select(b => b.Mapping.Id), "set stock", token)).ToList();
            });
        var failures = outcomes.SelectMany(f => f).ToList();
        failures.AddRange(items.Where(i => string.IsNullOrEmpty(i.Barcode)).Select(i => new ItemFailure(i.Mapping.Id, "no barcode: Uzum updates stock by barcode")));
        return failures;
    }

    public async Task<IReadOnlyList<ItemFailure>> PushPricesAsync(MarketplaceContext ctx, IReadOnlyList<PriceUpdate> items, CancellationToken ct)
    {
        var shopId = ShopId(ctx);
        var failures = new List<ItemFailure>();
        // One call per Uzum product, carrying all of its SKUs; prices are whole so'm (PriceRules rounded them).
        foreach (var product in items.GroupBy(i => i.Mapping.MarketplaceProductId))
        {
            var body = new
            {
                productId = long.TryParse(product.Key, out var pid) ? pid : 0,
                skuList = product.Select(i => new
                {
                    skuId = long.TryParse(i.Mapping.MarketplaceSku, out var sku) ? sku : 0,
                    skuTitle = i.Mapping.MarketplaceName ?? "",
                    sellPrice = decimal.ToInt64(i.SalePrice ?? i.Price),
                    fullPrice = decimal.ToInt64(i.Price),
                }).ToArray(),
            };
            using var r = await http.SendAsync(Slug, () => Request(ctx, HttpMethod.Post, $"/v1/product/{shopId}/sendPriceData", body), ct);
            failures.AddRange(await EnvelopeFailuresAsync(r, product.Select(p => p.Mapping.Id), "set prices", ct));
        }
        return failures;
    }

    /// <summary>A 4xx or an envelope with errors fails the batch's items; 5xx and 429 were retried already.</summary>
    private static async Task<IEnumerable<ItemFailure>> EnvelopeFailuresAsync(HttpResponseMessage r, IEnumerable<int> ids, string what, CancellationToken ct)
    {
        if ((int)r.StatusCode >= 500 || r.StatusCode == System.Net.HttpStatusCode.TooManyRequests
            || r.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
            await MarketplaceHttp.EnsureSuccessAsync(r, $"uzum {what}", ct);
        using var doc = await r.ReadJsonAsync(ct);
        var errors = doc.RootElement.Arr("errors").Select(e => $"{e.Str("code")}: {e.Str("message")}").ToList();
        if (r.IsSuccessStatusCode && errors.Count == 0) return [];
        var message = errors.Count > 0 ? string.Join("; ", errors) : $"HTTP {(int)r.StatusCode}";
        return ids.Select(id => new ItemFailure(id, message)).ToList();
    }
}
