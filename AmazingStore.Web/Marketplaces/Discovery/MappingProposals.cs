using AmazingStore.Web.Marketplaces.Connectors;

namespace AmazingStore.Web.Marketplaces.Discovery;

/// <summary>One of our products as discovery matches it.</summary>
public sealed record OurProduct(int Id, string Sku, string? Barcode, string Name);

/// <summary>What a mapping of <paramref name="ProductId"/> currently is on this marketplace.</summary>
public sealed record CurrentMapping(int ProductId, string MarketplaceProductId, string? MarketplaceSku);

/// <summary>
/// A proposed mapping: the fields of a mapping PUT (accepting it is sending them), how it was matched, and
/// whether the product is mapped already (to this listing, or to another one the admin would replace).
/// </summary>
public sealed record MappingProposal(
    int ProductId, string ProductSku, string ProductName,
    string MarketplaceProductId, string? MarketplaceSku, string? Barcode, string? MarketplaceName,
    string MatchedBy, string Mapping);

/// <summary>
/// Matches a marketplace's own listings to our products: by our SKU against the seller's vendor code
/// (article, offer_id), then by barcode. A listing two of our products claim, or a product two listings
/// claim, is left for the admin instead of guessed.
/// </summary>
public static class MappingProposals
{
    public const string ByVendorCode = "vendor_code";
    public const string ByBarcode = "barcode";

    public static (IReadOnlyList<MappingProposal> Proposals, IReadOnlyList<CatalogListing> Unmatched) Match(
        IReadOnlyList<CatalogListing> listings, IReadOnlyList<OurProduct> products, IReadOnlyList<CurrentMapping> current)
    {
        var bySku = Unique(products, p => Norm(p.Sku));
        var byBarcode = Unique(products.Where(p => !string.IsNullOrWhiteSpace(p.Barcode)), p => Norm(p.Barcode!));
        var matches = new List<(CatalogListing Listing, OurProduct Product, string By, string? Barcode)>();
        var unmatched = new List<CatalogListing>();
        foreach (var l in listings)
        {
            if (l.VendorCode is { } code && bySku.TryGetValue(Norm(code), out var p) && p is not null)
            {
                matches.Add((l, p, ByVendorCode, l.Barcodes.FirstOrDefault(b => Norm(b) == Norm(p.Barcode ?? "")) ?? l.Barcodes.FirstOrDefault()));
                continue;
            }
            var hits = new List<(OurProduct Product, string Barcode)>();
            foreach (var b in l.Barcodes)
                if (byBarcode.TryGetValue(Norm(b), out var q) && q is not null && hits.All(h => h.Product.Id != q.Id)) hits.Add((q, b));
            if (hits.Count == 1) matches.Add((l, hits[0].Product, ByBarcode, hits[0].Barcode));
            else unmatched.Add(l);
        }
        // A product claimed by several listings is ambiguous: none of them is proposed.
        var claimed = matches.GroupBy(m => m.Product.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        unmatched.AddRange(matches.Where(m => claimed.Contains(m.Product.Id)).Select(m => m.Listing));
        var mapped = current.ToDictionary(c => c.ProductId);
        var proposals = matches.Where(m => !claimed.Contains(m.Product.Id)).Select(m =>
        {
            var state = !mapped.TryGetValue(m.Product.Id, out var c) ? "new"
                : c.MarketplaceProductId == m.Listing.MarketplaceProductId && c.MarketplaceSku == m.Listing.MarketplaceSku ? "same" : "different";
            return new MappingProposal(m.Product.Id, m.Product.Sku, m.Product.Name, m.Listing.MarketplaceProductId, m.Listing.MarketplaceSku,
                m.Barcode, m.Listing.Name, m.By, state);
        }).OrderBy(p => p.ProductId).ToList();
        return (proposals, unmatched);
    }

    /// <summary>Key -> product, or null for a key two products share (neither can be matched by it).</summary>
    private static Dictionary<string, OurProduct?> Unique(IEnumerable<OurProduct> products, Func<OurProduct, string> key) =>
        products.GroupBy(key).ToDictionary(g => g.Key, g => g.Count() == 1 ? g.First() : null);

    private static string Norm(string s) => s.Trim().ToUpperInvariant();
}
