using System.Globalization;
using AmazingStore.Web.Marketplaces.Connectors;

namespace AmazingStore.Web.Marketplaces.Uzum;

/// <summary>
/// Uzum Market seller OpenAPI. Authorization is the raw token (no "Bearer"); dateFrom/dateTo go in
/// Unix seconds (milliseconds silently return nothing) while reply dates are milliseconds; pages
/// hold at most 100 items (orders 50).
/// </summary>
public sealed class UzumConnector(MarketplaceHttp http) : IMarketplaceConnector
{
    public const int StockPageSize = 100;
    public const int OrdersPageSize = 50;
    private const int MaxPages = 200;

    public string Slug => "uzum";
    public int RefreshBatchSize => 500; // TODO(scaffold): set and explain per API
    public int StockBatchSize => StockPageSize;

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
        var shopId = ctx.Setting("shop_id") ?? throw new MarketplaceException("uzum: setting shop_id is not set");
        var failures = new List<ItemFailure>();
        // One call per Uzum product, carrying all of its SKUs; prices are whole so'm.
        foreach (var product in items.GroupBy(i => i.Mapping.MarketplaceProductId))
        {
            var body = new
            {
                productId = long.TryParse(product.Key, out var pid) ? pid : 0,
                skuList = product.Select(i => new
                {
                    skuId = long.TryParse(i.Mapping.MarketplaceSku, out var sku) ? sku : 0,
                    skuTitle = i.Mapping.MarketplaceName ?? "",
                    sellPrice = (long)Math.Round(i.SalePrice ?? i.Price, MidpointRounding.AwayFromZero),
                    fullPrice = (long)Math.Round(i.Price, MidpointRounding.AwayFromZero),
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

    public async Task<IReadOnlyList<ExternalOrder>> FetchOrdersAsync(MarketplaceContext ctx, DateTime since, CancellationToken ct)
    {
        var shopId = ctx.Setting("shop_id") ?? throw new MarketplaceException("uzum: setting shop_id is not set");
        var from = new DateTimeOffset(since, TimeSpan.Zero).ToUnixTimeSeconds();
        var to = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds();
        var orders = new List<ExternalOrder>();
        for (var page = 0; page < MaxPages; page++)
        {
            var path = string.Create(CultureInfo.InvariantCulture,
                $"/v2/fbs/orders?shopIds={Uri.EscapeDataString(shopId)}&dateFrom={from}&dateTo={to}&page={page}&size={OrdersPageSize}");
            using var r = await http.SendAsync(Slug, () => Request(ctx, HttpMethod.Get, path, null), ct);
            await MarketplaceHttp.EnsureSuccessAsync(r, "uzum list orders", ct);
            using var doc = await r.ReadJsonAsync(ct);
            var list = doc.RootElement.Obj("payload").Arr("orders").ToList();
            orders.AddRange(list.Select(Map));
            // payload.totalAmount is missing in real replies: a short page is the last one.
            if (list.Count < OrdersPageSize) break;
        }
        return orders;
    }

    public Task<ExternalOrder?> FetchOrderAsync(MarketplaceContext ctx, string externalId, CancellationToken ct) =>
        Task.FromResult<ExternalOrder?>(null); // Uzum has no pushes; polling is the only source.

    public Task<IReadOnlyList<ExternalOrder>> RefreshOrdersAsync(MarketplaceContext ctx, IReadOnlyList<OpenOrder> open, CancellationToken ct) =>
        throw new NotImplementedException("TODO(scaffold)");

    public Task<IReadOnlyList<CatalogListing>> ListCatalogAsync(MarketplaceContext ctx, CancellationToken ct) =>
        throw new NotImplementedException("TODO(scaffold)");

    private static ExternalOrder Map(System.Text.Json.JsonElement o)
    {
        var status = o.Str("status") ?? "";
        var info = o.Obj("deliveryInfo");
        var lines = o.Arr("orderItems")
            .GroupBy(i => i.Str("productId") ?? i.Str("sellerSkuCode") ?? "")
            .Select(g => new ExternalOrderLine(
                g.Key, ExternalKeyKind.MarketplaceProductId,
                g.Sum(i => (int)(i.Long("amount") ?? 0)),
                g.First().Dec("sellerPrice"),
                g.First().Str("sellerSkuCode"),
                g.First().Str("skuTitle")))
            .ToList();
        return new ExternalOrder(o.Str("id") ?? "", MapStatus(status), status, lines,
            info.Str("customerFullname") ?? "", info.Str("customerPhone") ?? "",
            info.Str("deliveryAddress"), info.Str("deliveryComment"));
    }

    public static string MapStatus(string uzum) => uzum switch
    {
        "CREATED" => StoreStatus.Pending,
        "PACKING" => StoreStatus.Confirmed,
        "PENDING_DELIVERY" or "DELIVERING" => StoreStatus.Shipped,
        "DELIVERED" or "ACCEPTED_AT_DP" or "DELIVERED_TO_CUSTOMER_DELIVERY_POINT" or "COMPLETED" => StoreStatus.Delivered,
        "CANCELED" or "PENDING_CANCELLATION" or "RETURNED" => StoreStatus.Cancelled,
        _ => StoreStatus.Pending,
    };
}
