using System.Net;
using System.Text.Json;
using AmazingStore.Web.Marketplaces.Sync;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>Mappings proposed from each marketplace's own product list, accepted with a PUT: nobody types a chrtId.</summary>
public sealed class DiscoveryTests
{
    [Fact]
    public async Task Each_marketplace_proposes_mappings_by_vendor_code_and_by_barcode_and_an_accepted_one_syncs()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var shirt = await bed.AddProductAsync("SHIRT-M", 90000, 4, barcode: "4780011112221");
        var mug = await bed.AddProductAsync("MUG-7", 30000, 6, barcode: "4780011112238");
        await bed.AddProductAsync("LONELY", 1000, 1, barcode: "4780011112245");

        // Uzum: one product with two SKUs, one by its seller code, one by barcode only.
        bed.Uzum.AddProduct(6100, "Futbolka",
            new FakeUzum.Sku(61001, 4780099990001, "shirt-m", "M"),
            new FakeUzum.Sku(61002, 4780011112238, "UZ-ART-2", "Krujka"));
        // WB: sizes carry chrtIDs and barcodes (skus); the vendorCode is the seller's article.
        bed.Wb.ContentApi.AddCard(200100, "SHIRT-M", "Futbolka", DateTime.UtcNow.AddDays(-2), (88001, ["2040000000001"]), (88002, ["2040000000002"]));
        bed.Wb.ContentApi.AddCard(200200, "WB-MUG", "Krujka", DateTime.UtcNow.AddDays(-1), (88003, ["4780011112238"]));
        // OZON: offer_id is the vendor code.
        bed.Ozon.AddProduct(310001, "MUG-7", "Krujka", "4780011112238");
        bed.Ozon.AddProduct(310002, "SOMETHING-ELSE", "Boshqa", "1111111111111");

        async Task<JsonElement> DiscoverAsync(string slug)
        {
            var (status, body) = await bed.SendAsync(HttpMethod.Get, $"/api/admin/marketplaces/{slug}/discover");
            Assert.True(status == HttpStatusCode.OK, $"{slug}: {(int)status} {body}");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
        static string Proposals(JsonElement reply) => string.Join(" | ", reply.GetProperty("proposals").EnumerateArray().Select(p =>
            $"{p.GetProperty("product_sku").GetString()} -> {p.GetProperty("marketplace_product_id").GetString()}/{p.GetProperty("marketplace_sku").GetString()} " +
            $"by {p.GetProperty("matched_by").GetString()} barcode {p.GetProperty("barcode").GetString()} ({p.GetProperty("mapping").GetString()})"));

        var uzum = await DiscoverAsync("uzum");
        Assert.Equal("SHIRT-M -> 6100/61001 by vendor_code barcode 4780099990001 (new) | MUG-7 -> 6100/61002 by barcode barcode 4780011112238 (new)", Proposals(uzum));
        // WB: the shirt's vendor code matches two sizes at once, so it is left to the admin; the mug matches by barcode.
        var wb = await DiscoverAsync("wildberries");
        Assert.Equal("MUG-7 -> 200200/88003 by barcode barcode 4780011112238 (new)", Proposals(wb));
        Assert.Equal(3, wb.GetProperty("listings").GetInt32());
        Assert.Equal(["88001", "88002"], wb.GetProperty("unmatched").EnumerateArray().Select(u => u.GetProperty("marketplace_sku").GetString()!).Order());
        var ozon = await DiscoverAsync("ozon");
        Assert.Equal("MUG-7 -> 310001/MUG-7 by vendor_code barcode 4780011112238 (new)", Proposals(ozon));
        // Discovery writes nothing.
        Assert.Equal(0L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM marketplace_products"));

        // Accepting is a PUT of the proposals as they are: both Uzum SKUs of one product, each to its own product of ours.
        await bed.PutAsync("/api/admin/marketplaces/uzum/products", uzum.GetProperty("proposals").EnumerateArray().Select(p => new
        {
            product_id = p.GetProperty("product_id").GetInt32(),
            marketplace_product_id = p.GetProperty("marketplace_product_id").GetString(),
            marketplace_sku = p.GetProperty("marketplace_sku").GetString(),
            barcode = p.GetProperty("barcode").GetString(),
        }).ToArray());
        Assert.Contains("(same)", Proposals(await DiscoverAsync("uzum")));
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("uzum", SyncTypes.Stock)).Status);
        Assert.Equal(4, bed.Uzum.Stock["4780099990001"]);
        Assert.Equal(6, bed.Uzum.Stock["4780011112238"]);
        Assert.Equal(2L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM marketplace_products WHERE marketplace_product_id = '6100' AND product_id IN ($1, $2)", shirt, mug));
    }

    [Fact]
    public async Task A_marketplace_without_credentials_or_unreachable_gets_a_clear_problem()
    {
        await using var bed = await MarketplaceBed.StartAsync(configure: false);
        var (status, body) = await bed.SendAsync(HttpMethod.Get, "/api/admin/marketplaces/ozon/discover");
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("marketplace_not_configured", body);
        Assert.Equal(HttpStatusCode.NotFound, (await bed.SendAsync(HttpMethod.Get, "/api/admin/marketplaces/nowhere/discover")).Status);

        await bed.ConfigureAsync();
        bed.Ozon.Drop = true;
        (status, body) = await bed.SendAsync(HttpMethod.Get, "/api/admin/marketplaces/ozon/discover");
        Assert.Equal(HttpStatusCode.BadGateway, status);
        Assert.Contains("marketplace_unavailable", body);
    }
}
