using AmazingStore.Web.Marketplaces.Connectors;
using AmazingStore.Web.Marketplaces.Discovery;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>How discovery pairs a marketplace's listings with our products.</summary>
public sealed class MappingProposalsTests
{
    private static readonly OurProduct[] Ours =
    [
        new(1, "TSHIRT-RED-M", "4780000000011", "Futbolka qizil M"),
        new(2, "TSHIRT-RED-L", "4780000000012", "Futbolka qizil L"),
        new(3, "MUG-1", "4780000000033", "Krujka"),
        new(4, "TWIN-A", "4780000000099", "Egizak A"),
        new(5, "TWIN-B", "4780000000099", "Egizak B"), // two products share a barcode: it identifies neither
    ];

    [Fact]
    public void Listings_match_by_vendor_code_first_then_by_a_barcode_only_one_product_has()
    {
        CatalogListing[] listings =
        [
            new("555", "9001", " tshirt-red-m ", ["4780000000011"], "T-shirt red M"),       // vendor code (case and spaces aside)
            new("555", "9002", "SELLER-ART-77", ["2000000000001", "4780000000012"], "T-shirt red L"), // barcode
            new("556", "9003", null, ["4780000000099"], "Twin"),                          // shared barcode: not guessed
            new("557", "9004", "NOPE", ["1111111111111"], "Someone else's"),              // nothing matches
        ];
        var (proposals, unmatched) = MappingProposals.Match(listings, Ours, [new CurrentMapping(2, "555", "9002")]);

        Assert.Equal(2, proposals.Count);
        var m = proposals[0];
        Assert.Equal((1, "555", "9001", "4780000000011", MappingProposals.ByVendorCode, "new"),
            (m.ProductId, m.MarketplaceProductId, m.MarketplaceSku, m.Barcode, m.MatchedBy, m.Mapping));
        var l = proposals[1];
        Assert.Equal((2, "555", "9002", "4780000000012", MappingProposals.ByBarcode, "same"),
            (l.ProductId, l.MarketplaceProductId, l.MarketplaceSku, l.Barcode, l.MatchedBy, l.Mapping));
        Assert.Equal(["9003", "9004"], unmatched.Select(u => u.MarketplaceSku).Order());
    }

    [Fact]
    public void A_product_two_listings_claim_is_left_to_the_admin_and_a_changed_listing_is_flagged()
    {
        CatalogListing[] listings =
        [
            new("700", "1", "MUG-1", [], "Mug"),
            new("701", "2", null, ["4780000000033"], "Mug again"),
            new("800", "3", "TSHIRT-RED-L", [], "T-shirt L, relisted"),
        ];
        var (proposals, unmatched) = MappingProposals.Match(listings, Ours, [new CurrentMapping(2, "555", "9002")]);

        var only = Assert.Single(proposals);
        Assert.Equal((2, "800", "different"), (only.ProductId, only.MarketplaceProductId, only.Mapping));
        Assert.Equal(["700", "701"], unmatched.Select(u => u.MarketplaceProductId).Order());
    }
}
