using AmazingStore.Data;
using AmazingStore.Web.Infrastructure;
using AmazingStore.Web.Marketplaces.Connectors;
using AmazingStore.Web.Marketplaces.Sync;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Web.Marketplaces.Discovery;

public sealed record DiscoveredListing(string MarketplaceProductId, string? MarketplaceSku, string? VendorCode, IReadOnlyList<string> Barcodes, string? Name);

public sealed record DiscoveryReply(string Marketplace, int Listings, IReadOnlyList<MappingProposal> Proposals, IReadOnlyList<DiscoveredListing> Unmatched);

/// <summary>
/// GET /api/admin/marketplaces/{slug}/discover: reads the marketplace's own product list and proposes
/// mappings, so nobody types a chrtId by hand. Nothing is written: accepting is a PUT of the mapping.
/// </summary>
public static class MappingDiscoveryApi
{
    public static void MapMappingDiscovery(this RouteGroupBuilder admin) =>
        admin.MapGet("/marketplaces/{slug}/discover", Discover).WithName("AdminDiscoverMarketplaceProducts");

    private static async Task<Results<Ok<DiscoveryReply>, ProblemHttpResult>> Discover(
        string slug, StoreDb db, MarketplaceContextLoader loader, IEnumerable<IMarketplaceConnector> connectors, CancellationToken ct)
    {
        var connector = connectors.FirstOrDefault(c => c.Slug == slug);
        var (row, ctx) = await loader.LoadAsync(db, slug, ct);
        if (row is null || connector is null) return Problems.NotFound("This marketplace");
        if (ctx is null) return Problems.Conflict("marketplace_not_configured", $"Set {slug}'s api_base_url and credentials first.");
        IReadOnlyList<CatalogListing> listings;
        try { listings = await connector.ListCatalogAsync(ctx, ct); }
        catch (MarketplaceException e)
        {
            return Problems.Of(StatusCodes.Status502BadGateway, "marketplace_unavailable", "The marketplace did not answer", e.Message);
        }
        var products = await db.Products.AsNoTracking().Select(p => new OurProduct(p.Id, p.Sku, p.Barcode, p.NameUz)).ToListAsync(ct);
        var current = await db.MarketplaceProducts.AsNoTracking().Where(m => m.MarketplaceId == row.Id)
            .Select(m => new CurrentMapping(m.ProductId, m.MarketplaceProductId, m.MarketplaceSku)).ToListAsync(ct);
        var (proposals, unmatched) = MappingProposals.Match(listings, products, current);
        return TypedResults.Ok(new DiscoveryReply(slug, listings.Count, proposals,
            unmatched.Select(l => new DiscoveredListing(l.MarketplaceProductId, l.MarketplaceSku, l.VendorCode, l.Barcodes, l.Name)).ToList()));
    }
}
