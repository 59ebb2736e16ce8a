using System.Text.Json;
using AmazingStore.Web.Marketplaces.Connectors;

namespace AmazingStore.Web.Marketplaces.Wildberries;

/// <summary>
/// The seller's cards from the content host, one listing per size (nmID, chrtID): cursor paging, where
/// the reply's cursor (updatedAt, nmID) is sent back until a page holds fewer cards than asked for.
/// </summary>
public sealed partial class WildberriesConnector
{
    /// <summary>The cards list's largest page.</summary>
    public const int CardsPage = 100;
    /// <summary>Bound on one listing: 50 000 cards (at 100 requests a minute, five minutes).</summary>
    private const int MaxCardPages = 500;

    public async Task<IReadOnlyList<CatalogListing>> ListCatalogAsync(MarketplaceContext ctx, CancellationToken ct)
    {
        var host = ctx.Setting("content_api_base_url") ?? DefaultContentHost;
        var listings = new List<CatalogListing>();
        string? updatedAt = null;
        long? nmId = null;
        for (var page = 0; page < MaxCardPages; page++)
        {
            var cursor = new Dictionary<string, object> { ["limit"] = CardsPage };
            if (updatedAt is not null && nmId is not null)
            {
                cursor["updatedAt"] = updatedAt;
                cursor["nmID"] = nmId;
            }
            // withPhoto -1: cards with and without photos alike.
            var body = new { settings = new { cursor, filter = new { withPhoto = -1 } } };
            using var r = await http.SendAsync(ContentApi, () => Request(ctx, HttpMethod.Post, ctx.Url("/content/v2/get/cards/list", host), body), ct);
            await MarketplaceHttp.EnsureSuccessAsync(r, "wildberries cards list", ct);
            using var doc = await r.ReadJsonAsync(ct);
            var cards = doc.RootElement.Arr("cards").ToList();
            foreach (var card in cards)
            {
                if (card.Str("nmID") is not { } nm) continue;
                // chrtID here, chrtId in the marketplace API: both name the size a stock mapping is keyed by.
                foreach (var size in card.Arr("sizes"))
                    listings.Add(new CatalogListing(nm, size.Str("chrtID", "chrtId"), card.Str("vendorCode"),
                        size.Arr("skus").Select(Text).Where(s => s.Length > 0).ToList(), card.Str("title")));
            }
            var next = doc.RootElement.Obj("cursor");
            if (cards.Count < CardsPage || next.Str("updatedAt") is not { } u || next.Long("nmID") is not { } n) break;
            (updatedAt, nmId) = (u, n);
        }
        return listings;
    }

    /// <summary>A barcode as text, whether WB sent it as a string or a number.</summary>
    private static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString() ?? "",
        JsonValueKind.Number => e.GetRawText(),
        _ => "",
    };
}
