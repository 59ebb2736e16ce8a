using System.Globalization;
using System.Net;
using System.Text.Json;
using AmazingStore.Web.Marketplaces.Connectors;

namespace AmazingStore.Web.Marketplaces.Wildberries;

/// <summary>
/// Prices on the prices host: an upload is a task (200 = accepted, 208 = the same upload exists already);
/// errors carry <c>errorText</c>, never code/message; items refused later (quarantine: a new price at least
/// three times lower than the old one) show only in the upload's details, in the history once processed
/// and in the buffer while still processing. Every call of the host shares its 10 per 6 s, burst 5.
/// </summary>
public sealed partial class WildberriesConnector
{
    /// <summary>Most items one page of upload details carries.</summary>
    private const int UploadDetailsPage = 1000;

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
                    // PriceRules made the price whole units of the cabinet's currency (WB takes no fractions) and the
                    // sale a whole-percent discount: sent as they are, so the admin's preview is what WB gets.
                    var whole = decimal.ToInt64(i.Price);
                    var discount = i.DiscountPercent ?? Pricing.PriceRules.WholePercentOff(whole, i.SalePrice);
                    return new Dictionary<string, object> { ["nmID"] = long.Parse(g.Key, CultureInfo.InvariantCulture), ["price"] = whole, ["discount"] = discount };
                }).ToArray(),
            };
            void FailBatch(string error) => failures.AddRange(batch.SelectMany(g => g).Select(i => new ItemFailure(i.Mapping.Id, error)));

            using var r = await http.SendAsync(PricesApi, () => Request(ctx, HttpMethod.Post, ctx.Url("/api/v2/upload/task", host), body), ct);
            // 208: this very upload exists already — these prices are set or being set.
            if (r.StatusCode == HttpStatusCode.AlreadyReported) continue;
            // 400 invalid data, 409 currency conversion, 422 unexpected result: the items are refused;
            // 401/403/404/429-after-retries fail the run.
            if (r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.UnprocessableEntity)
            {
                FailBatch(await PricesErrorAsync(r, ct));
                continue;
            }
            await MarketplaceHttp.EnsureSuccessAsync(r, "wildberries set prices", ct);
            using var doc = await r.ReadJsonAsync(ct);
            var root = doc.RootElement;
            if (root.Str("error") == "true")
            {
                FailBatch(PricesError(root, (int)r.StatusCode));
                continue;
            }
            if (root.Obj("data").Str("alreadyExists") == "true" || root.Obj("data").Long("id") is not { } uploadId) continue;

            var refused = await RefusedItemsAsync(ctx, host, uploadId, ct);
            failures.AddRange(batch.Where(g => refused.ContainsKey(long.Parse(g.Key, CultureInfo.InvariantCulture)))
                .SelectMany(g => g.Select(i => new ItemFailure(i.Mapping.Id, refused[long.Parse(g.Key, CultureInfo.InvariantCulture)]))));
        }
        return failures;
    }

    /// <summary>
    /// nmID → errorText of the upload's refused items: from the history once WB processed the upload, else
    /// from the buffer (what WB already refused while processing). An upload in neither yet counts as taken.
    /// </summary>
    private async Task<Dictionary<long, string>> RefusedItemsAsync(MarketplaceContext ctx, string host, long uploadId, CancellationToken ct)
    {
        var refused = new Dictionary<long, string>();
        if (await ReadUploadDetailsAsync(ctx, host, "/api/v2/history/goods/task", "historyGoods", uploadId, refused, ct)) return refused;
        await ReadUploadDetailsAsync(ctx, host, "/api/v2/buffer/goods/task", "bufferGoods", uploadId, refused, ct);
        return refused;
    }

    /// <summary>Pages through one upload's details (offset paging, 1000 a page); false when WB lists none there.</summary>
    private async Task<bool> ReadUploadDetailsAsync(MarketplaceContext ctx, string host, string path, string field, long uploadId, Dictionary<long, string> refused, CancellationToken ct)
    {
        var listed = false;
        // An upload holds at most PriceBatch items: two pages always reach its end.
        for (var page = 0; page <= PriceBatch / UploadDetailsPage; page++)
        {
            var url = ctx.Url(string.Create(CultureInfo.InvariantCulture, $"{path}?uploadID={uploadId}&limit={UploadDetailsPage}&offset={page * UploadDetailsPage}"), host);
            using var r = await http.SendAsync(PricesApi, () => Request(ctx, HttpMethod.Get, url, null), ct);
            // Not there (yet): a 400 names an upload this list does not hold.
            if (page == 0 && r.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound) return false;
            await MarketplaceHttp.EnsureSuccessAsync(r, "wildberries price upload details", ct);
            using var doc = await r.ReadJsonAsync(ct);
            var goods = doc.RootElement.Obj("data").Arr(field).ToList();
            listed |= goods.Count > 0;
            foreach (var g in goods)
            {
                var error = g.Str("errorText");
                // History status 3: "errors, nothing updated"; the buffer (status 1) names errors only by their text.
                if (g.Long("nmID") is { } nm && (!string.IsNullOrEmpty(error) || g.Long("status") == 3))
                    refused[nm] = string.IsNullOrEmpty(error) ? "refused by Wildberries" : error;
            }
            if (goods.Count < UploadDetailsPage) break;
        }
        return listed;
    }

    /// <summary>The prices host's error body: <c>{"data":null,"error":true,"errorText":"..."}</c> (other hosts' shapes accepted too).</summary>
    private static async Task<string> PricesErrorAsync(HttpResponseMessage r, CancellationToken ct)
    {
        using var doc = await r.ReadJsonAsync(ct);
        return PricesError(doc.RootElement, (int)r.StatusCode);
    }

    private static string PricesError(JsonElement root, int status)
    {
        var text = root.Str("errorText");
        if (string.IsNullOrWhiteSpace(text)) text = root.Str("message", "detail", "title");
        return $"HTTP {status}: {(string.IsNullOrWhiteSpace(text) ? "error" : text)}";
    }
}
