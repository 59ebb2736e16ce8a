using System.Globalization;
using System.Text.Json;
using AmazingStore.Web.Marketplaces.Connectors;

namespace AmazingStore.Web.Marketplaces.Uzum;

/// <summary>
/// The shop's products: <c>GET /v1/product/shop/{shopId}</c>, at most 100 a page, answering
/// <c>{"productList":[{productId, title, skuList:[{skuId, barcode, sellerItemCode, article, ...}]}], "totalProductsAmount"}</c>
/// without the usual envelope (a payload-wrapped reply is read as well). <c>barcode</c> is a number here,
/// a string in the stock list.
/// </summary>
public sealed partial class UzumConnector
{
    public const int ProductsPageSize = 100;
    /// <summary>Pages per listing: 20 000 products.</summary>
    private const int MaxProductPages = 200;

    public async Task<IReadOnlyList<CatalogListing>> ListCatalogAsync(MarketplaceContext ctx, CancellationToken ct)
    {
        var shopId = Uri.EscapeDataString(ShopId(ctx));
        var listings = new List<CatalogListing>();
        var seenProducts = new HashSet<string>();
        var seen = new HashSet<(string, string)>();
        for (var page = 0; page < MaxProductPages; page++)
        {
            // ALL: archived and blocked products too (the default filter may hide them, and a mapping may
            // still point at one); sorted by id so that paging is stable while the seller edits the catalog.
            var path = string.Create(CultureInfo.InvariantCulture,
                $"/v1/product/shop/{shopId}?page={page}&size={ProductsPageSize}&filter=ALL&sortBy=ID&order=ASC");
            using var r = await http.SendAsync(Slug, () => Request(ctx, HttpMethod.Get, path, null), ct);
            await MarketplaceHttp.EnsureSuccessAsync(r, "uzum list products", ct);
            using var doc = await r.ReadJsonAsync(ct);
            var body = doc.RootElement.Obj("payload") is { ValueKind: JsonValueKind.Object } payload ? payload : doc.RootElement;
            var products = body.Arr("productList").ToList();
            var fresh = 0;
            foreach (var product in products)
            {
                if (product.Str("productId") is not { Length: > 0 } productId) continue;
                if (seenProducts.Add(productId)) fresh++;
                // One listing per SKU: that is what a mapping takes (marketplace_sku = skuId); a product without
                // SKUs has nothing to sell or map yet.
                foreach (var sku in product.Arr("skuList"))
                {
                    if (sku.Str("skuId") is not { Length: > 0 } skuId || !seen.Add((productId, skuId))) continue;
                    listings.Add(new CatalogListing(productId, skuId,
                        NonBlank(sku.Str("sellerItemCode")) ?? NonBlank(sku.Str("sellerSkuCode")) ?? NonBlank(sku.Str("article")),
                        NonBlank(sku.Str("barcode")) is { } barcode ? [barcode] : [],
                        NonBlank(sku.Str("skuFullTitle")) ?? NonBlank(sku.Str("skuTitle")) ?? product.Str("title")));
                }
            }
            // No total in the reply we can page by: a short page is the last one; a page of nothing new means
            // the page number was ignored.
            if (products.Count < ProductsPageSize || fresh == 0) break;
        }
        return listings;
    }

    private static string? NonBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
