using System.Globalization;
using System.Net;
using System.Text.Json;
using AmazingStore.Web.Marketplaces.Connectors;

namespace AmazingStore.Web.Marketplaces.Wildberries;

/// <summary>
/// Wildberries on its three hosts: stock and FBS orders on the marketplace API (stock by chrtId per
/// warehouse, 1000 per request, success is an empty 204, 409 bodies are arrays and StoreIsProcessing
/// means "retry shortly", a 409 costs 10 requests of the 300/min), prices by nmID on the prices host
/// (<c>settings.prices_api_base_url</c>), cards on the content host (<c>settings.content_api_base_url</c>).
/// Orders, prices and the catalog live in the other parts of this class.
/// </summary>
public sealed partial class WildberriesConnector(MarketplaceHttp http, TimeProvider clock) : IMarketplaceConnector
{
    public const int StockBatch = 1000;
    public const int PriceBatch = 1000;
    public const string DefaultPricesHost = "https://discounts-prices-api.wildberries.ru";
    public const string DefaultContentHost = "https://content-api.wildberries.ru";
    /// <summary>Rate-limiter keys: each WB host counts its own requests.</summary>
    private const string PricesApi = "wildberries-prices", ContentApi = "wildberries-content";
    private const int ConflictCost = 10;

    public string Slug => "wildberries";
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
}
