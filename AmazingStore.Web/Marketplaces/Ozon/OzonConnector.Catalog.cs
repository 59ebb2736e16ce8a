using System.Text.Json;
using AmazingStore.Web.Marketplaces.Connectors;

namespace AmazingStore.Web.Marketplaces.Ozon;

/// <summary>
/// The seller's OZON products for mapping discovery: /v3/product/list pages product ids and offer ids by
/// last_id, /v3/product/info/list adds names and barcodes. One listing per product (an OZON product is
/// one sellable offer): product_id and offer_id, the keys an OZON mapping takes.
/// </summary>
public sealed partial class OzonConnector
{
    /// <summary>Both product calls take at most 1 000 (list: limit; info: ids per request).</summary>
    public const int ProductPage = 1000;

    /// <summary>100 000 products at most: far beyond this store, and every loop ends.</summary>
    public const int MaxProductPages = 100;

    public async Task<IReadOnlyList<CatalogListing>> ListCatalogAsync(MarketplaceContext ctx, CancellationToken ct)
    {
        var products = new Dictionary<string, string?>(); // product_id -> offer_id, in OZON's order
        var lastId = "";
        for (var page = 0; ; page++)
        {
            if (page == MaxProductPages)
            {
                log.LogWarning("ozon product list: more than {Pages} pages; the rest is not listed", MaxProductPages);
                break;
            }
            var body = new { filter = new { visibility = "ALL" }, last_id = lastId, limit = ProductPage };
            using var r = await http.SendAsync(Slug, () => Request(ctx, "/v3/product/list", body), ct);
            await MarketplaceHttp.EnsureSuccessAsync(r, "ozon product list", ct);
            using var doc = await r.ReadJsonAsync(ct);
            var result = doc.RootElement.Obj("result");
            var items = result.Arr("items").ToList();
            foreach (var item in items)
                if (item.Str("product_id") is { Length: > 0 } id) products.TryAdd(id, item.Str("offer_id"));
            // No has_next here: an empty page, no new last_id or the whole total read ends the list.
            var next = result.Str("last_id");
            if (items.Count == 0 || string.IsNullOrEmpty(next) || next == lastId || (result.Long("total") is { } total && products.Count >= total)) break;
            lastId = next;
        }

        var listings = new List<CatalogListing>(products.Count);
        foreach (var chunk in products.Keys.Chunk(ProductPage))
        {
            var body = new { product_id = chunk };
            using var r = await http.SendAsync(Slug, () => Request(ctx, "/v3/product/info/list", body), ct);
            await MarketplaceHttp.EnsureSuccessAsync(r, "ozon product info", ct);
            using var doc = await r.ReadJsonAsync(ct);
            var info = doc.RootElement.Arr("items").Where(i => i.Str("id") is not null).GroupBy(i => i.Str("id")!).ToDictionary(g => g.Key, g => g.First());
            foreach (var id in chunk)
            {
                // A product the info call did not return is still listed by its ids.
                var found = info.TryGetValue(id, out var i);
                var offer = (found ? i.Str("offer_id") : null) ?? products[id];
                listings.Add(new CatalogListing(id, offer, offer, found ? Barcodes(i) : [], found ? i.Str("name") : null));
            }
        }
        return listings;
    }

    /// <summary>"barcodes" (strings, numbers tolerated) and the older single "barcode", without blanks or repeats.</summary>
    private static List<string> Barcodes(JsonElement item)
    {
        var all = item.Arr("barcodes").Select(b => b.ValueKind switch
        {
            JsonValueKind.String => b.GetString(),
            JsonValueKind.Number => b.GetRawText(),
            _ => null,
        }).Append(item.Str("barcode"));
        return all.Where(b => !string.IsNullOrWhiteSpace(b)).Select(b => b!).Distinct().ToList();
    }
}
