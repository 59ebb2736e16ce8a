using System.Globalization;
using System.Text.Json;
using AmazingStore.Web.Marketplaces.Connectors;

namespace AmazingStore.Web.Marketplaces.Ozon;

/// <summary>
/// OZON Seller API: every call a POST with Client-Id and Api-Key headers. Stock goes 100
/// product-warehouse pairs per request, and its failures come back per item inside HTTP 200.
/// Prices are strings. Postings: OzonConnector.Postings.cs; the product list: OzonConnector.Catalog.cs.
/// </summary>
public sealed partial class OzonConnector(MarketplaceHttp http, OzonItemCooldown cooldown, ILogger<OzonConnector> log) : IMarketplaceConnector
{
    public const int StockBatch = 100;
    public const int PriceBatch = 1000;

    public string Slug => "ozon";
    public int StockBatchSize => StockBatch;

    private static HttpRequestMessage Request(MarketplaceContext ctx, string path, object body)
    {
        var r = MarketplaceHttp.JsonRequest(HttpMethod.Post, ctx.Url(path), body);
        r.Headers.TryAddWithoutValidation("Client-Id", ctx.Credential("client_id"));
        r.Headers.TryAddWithoutValidation("Api-Key", ctx.Credential("api_key"));
        return r;
    }

    public async Task<IReadOnlyList<ItemFailure>> PushStockAsync(MarketplaceContext ctx, IReadOnlyList<StockUpdate> items, CancellationToken ct)
    {
        var failures = new List<ItemFailure>();
        var defaultWarehouse = ctx.Setting("warehouse_id");
        var ready = new List<(StockUpdate Item, string Warehouse)>();
        foreach (var i in items)
        {
            var warehouse = i.Mapping.WarehouseId ?? defaultWarehouse;
            var offer = i.Mapping.MarketplaceSku;
            if (warehouse is null || !long.TryParse(warehouse, out _)) failures.Add(new(i.Mapping.Id, "no numeric warehouse_id (setting or mapping)"));
            else if (string.IsNullOrEmpty(offer)) failures.Add(new(i.Mapping.Id, "no offer_id (marketplace_sku)"));
            else if (!cooldown.TryTake(offer, warehouse)) failures.Add(new(i.Mapping.Id, "HELD_BACK: changed less than 30 s ago, sent next run", ItemFailureKind.Cooldown));
            else ready.Add((i, warehouse));
        }
        foreach (var batch in ready.Chunk(StockBatch))
        {
            var body = new
            {
                stocks = batch.Select(b => new
                {
                    offer_id = b.Item.Mapping.MarketplaceSku,
                    product_id = long.TryParse(b.Item.Mapping.MarketplaceProductId, out var pid) ? pid : 0,
                    stock = b.Item.Amount,
                    warehouse_id = long.Parse(b.Warehouse, CultureInfo.InvariantCulture),
                }).ToArray(),
            };
            using var r = await http.SendAsync(Slug, () => Request(ctx, "/v2/products/stocks", body), ct);
            foreach (var b in batch) cooldown.Stamp(b.Item.Mapping.MarketplaceSku!, b.Warehouse);
            failures.AddRange(await ResultFailuresAsync(r, batch.Select(b => b.Item.Mapping).ToList(), "set stock", ct, stockCooldown: true));
        }
        return failures;
    }

    /// <summary>OZON's per-item error for a pair changed again within its 30 s.</summary>
    private const string TooManyRequests = "TOO_MANY_REQUESTS";

    /// <summary>
    /// HTTP 200 with result[]: an item with updated=false failed; errors name why. With
    /// <paramref name="stockCooldown"/>, TOO_MANY_REQUESTS is the 30 s per-pair stock limit and
    /// marks a cooldown; for prices it is the hourly per-product limit, which a quick retry cannot help.
    /// </summary>
    private static async Task<List<ItemFailure>> ResultFailuresAsync(HttpResponseMessage r, List<AmazingStore.Data.Marketplaces.MarketplaceProduct> sent, string what, CancellationToken ct,
        bool stockCooldown = false)
    {
        if (r.StatusCode == System.Net.HttpStatusCode.BadRequest)
        {
            using var bad = await r.ReadJsonAsync(ct);
            return sent.Select(m => new ItemFailure(m.Id, $"HTTP 400 {bad.RootElement.Str("message")}")).ToList();
        }
        await MarketplaceHttp.EnsureSuccessAsync(r, $"ozon {what}", ct);
        using var doc = await r.ReadJsonAsync(ct);
        var failures = new List<ItemFailure>();
        var answered = new HashSet<int>();
        foreach (var result in doc.RootElement.Arr("result"))
        {
            var offer = result.Str("offer_id");
            var mapping = sent.FirstOrDefault(m => m.MarketplaceSku == offer);
            if (mapping is null) continue;
            answered.Add(mapping.Id);
            if (result.Str("updated") == "true") continue;
            var errors = result.Arr("errors").ToList();
            var text = errors.Count > 0 ? string.Join("; ", errors.Select(e => $"{e.Str("code")}: {e.Str("message")}")) : "not updated";
            // Only when every error is the per-pair limit does waiting it out help.
            var cooling = stockCooldown && errors.Count > 0 && errors.All(e => e.Str("code") == TooManyRequests);
            failures.Add(new ItemFailure(mapping.Id, text, cooling ? ItemFailureKind.Cooldown : ItemFailureKind.Refused));
        }
        // An item missing from the reply was not confirmed: try it again next run.
        failures.AddRange(sent.Where(m => !answered.Contains(m.Id)).Select(m => new ItemFailure(m.Id, "no result for this item")));
        return failures;
    }

    public async Task<IReadOnlyList<ItemFailure>> PushPricesAsync(MarketplaceContext ctx, IReadOnlyList<PriceUpdate> items, CancellationToken ct)
    {
        var failures = new List<ItemFailure>();
        foreach (var batch in items.Chunk(PriceBatch))
        {
            var body = new
            {
                prices = batch.Select(i =>
                {
                    var onSale = i.SalePrice is { } s && s < i.Price;
                    return new Dictionary<string, object>
                    {
                        ["offer_id"] = i.Mapping.MarketplaceSku ?? "",
                        ["product_id"] = long.TryParse(i.Mapping.MarketplaceProductId, out var pid) ? pid : 0,
                        ["price"] = Money(onSale ? i.SalePrice!.Value : i.Price),
                        ["old_price"] = onSale ? Money(i.Price) : "0",
                        // Always named: OZON reads a missing code as RUB.
                        ["currency_code"] = i.Currency,
                    };
                }).ToArray(),
            };
            using var r = await http.SendAsync(Slug, () => Request(ctx, "/v1/product/import/prices", body), ct);
            failures.AddRange(await ResultFailuresAsync(r, batch.Select(b => b.Mapping).ToList(), "set prices", ct));
        }
        return failures;
    }

    private static string Money(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}
