using System.Globalization;
using System.Net;
using System.Text.Json;
using AmazingStore.Data;
using AmazingStore.Web.Marketplaces.Connectors;
using AmazingStore.Web.Marketplaces.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>
/// Uzum's order list answers one status per request (CREATED without one), 50 a page, from dateFrom in
/// seconds: every status is polled, every page read, and open orders older than the window re-read by id.
/// </summary>
public sealed class UzumOrdersTests
{
    private const string Barcode1 = "4780000000001"; // MarketplaceBed.MapEverywhereAsync, n = 1

    private static async Task<SyncOutcome> PollAsync(MarketplaceBed bed)
    {
        var outcome = Assert.Single(await bed.RunAsync("uzum", SyncTypes.Orders));
        Assert.True(outcome.Status == SyncStatuses.Success, outcome.Error);
        return outcome;
    }

    /// <summary>The order list requests the fake received after <paramref name="skip"/> earlier ones.</summary>
    private static List<RecordedRequest> Lists(MarketplaceBed bed, int skip = 0) =>
        bed.Uzum.Received("GET", "/v2/fbs/orders").Where(r => r.Path == "/v2/fbs/orders").Skip(skip).ToList();

    private static long Seconds(DateTime t) => new DateTimeOffset(t, TimeSpan.Zero).ToUnixTimeSeconds();

    private static long Q(RecordedRequest r, string name) => long.Parse(r.Query[name], CultureInfo.InvariantCulture);

    /// <summary>Asks the fake directly, as a client that knows nothing of the trap would.</summary>
    private static async Task<(HttpStatusCode Status, JsonElement Body)> AskFakeAsync(MarketplaceBed bed, string pathAndQuery)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, bed.Uzum.Url + pathAndQuery);
        request.Headers.TryAddWithoutValidation("Authorization", MarketplaceBed.UzumToken);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    [Fact]
    public async Task An_order_moved_to_packing_before_the_next_poll_is_imported_confirmed_though_a_list_without_status_shows_nothing()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("PACK-1", 150000, 10);
        await bed.MapEverywhereAsync((p, 1));
        await PollAsync(bed);

        bed.Uzum.AddOrder(3001, "CREATED", (5001, "PACK-1", 2, 150000));
        bed.Uzum.SetStatus(3001, "PACKING"); // the seller accepted it in Uzum's cabinet between two polls

        // Without status the API lists CREATED only: a poll like that would never see this order.
        var (status, body) = await AskFakeAsync(bed, $"/v2/fbs/orders?shopIds={FakeUzum.ShopId}&page=0&size=50");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(0, body.GetProperty("payload").GetProperty("orders").GetArrayLength());
        var before = Lists(bed).Count;

        var pollStart = DateTime.UtcNow;
        Assert.Equal(1, (await PollAsync(bed)).Processed);
        Assert.Equal("confirmed", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE source = 'uzum' AND marketplace_order_id = '3001'"));
        Assert.Equal("PACKING", await bed.Host.ScalarAsync<string>("SELECT external_status FROM orders WHERE marketplace_order_id = '3001'"));
        Assert.Equal(2, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));

        // The poll asked every status once, one value per request, 50 a page, dateFrom in seconds (the last poll
        // minus the 10 minutes' overlap) and dateTo just after now.
        var asked = Lists(bed, before);
        Assert.Equal(FakeUzum.Statuses.Order(), asked.Select(r => r.Query["status"]).Order());
        Assert.All(asked, r =>
        {
            Assert.Equal("77", r.Query["shopIds"]);
            Assert.Equal("50", r.Query["size"]);
            Assert.Equal("0", r.Query["page"]);
            Assert.InRange(Q(r, "dateFrom"), Seconds(pollStart.AddMinutes(-11)), Seconds(pollStart.AddMinutes(-10)));
            Assert.InRange(Q(r, "dateTo"), Seconds(pollStart), Seconds(DateTime.UtcNow.AddMinutes(2)));
        });
        Assert.Equal(0, bed.Uzum.SecondsViolations);
    }

    [Fact]
    public async Task A_cancelled_order_releases_its_stock_and_uzum_is_told_the_new_amount()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("CANC-1", 150000, 10);
        await bed.MapEverywhereAsync((p, 1));
        await bed.RunAsync("uzum", SyncTypes.Stock);
        Assert.Equal(10, bed.Uzum.Stock[Barcode1]);

        bed.Uzum.AddOrder(3101, "CREATED", (5001, "CANC-1", 3, 150000));
        await PollAsync(bed);
        Assert.Equal(3, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(bed.Uzum.Stock[Barcode1] == 7), TimeSpan.FromSeconds(30), "Uzum told 7 after the order");

        bed.Uzum.SetStatus(3101, "CANCELED");
        var before = Lists(bed).Count;
        await PollAsync(bed);
        Assert.Contains(Lists(bed, before), r => r.Query["status"] == "CANCELED");
        Assert.Equal("cancelled", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = '3101'"));
        Assert.Equal("CANCELED", await bed.Host.ScalarAsync<string>("SELECT external_status FROM orders WHERE marketplace_order_id = '3101'"));
        Assert.Equal(0, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(bed.Uzum.Stock[Barcode1] == 10), TimeSpan.FromSeconds(30), "Uzum told 10 after the cancellation");
    }

    [Fact]
    public async Task An_open_order_older_than_the_poll_window_gets_its_cancellation_by_being_re_read()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("OLD-1", 150000, 10);
        await bed.MapEverywhereAsync((p, 1));
        bed.Uzum.AddOrder(3201, "CREATED", (5001, "OLD-1", 2, 150000));
        await PollAsync(bed);
        Assert.Equal(2, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));
        // An order the lists brought is not asked again in the same run.
        Assert.Empty(bed.Uzum.Received("GET", "/v1/fbs/order/"));

        // Ten days old on both sides: beyond Marketplaces:OrdersMaxLookBack (7 days), so no order list reaches it.
        var created = DateTime.UtcNow.AddDays(-10);
        bed.Uzum.SetCreated(3201, new DateTimeOffset(created, TimeSpan.Zero));
        Assert.Equal(1, await bed.Host.ScalarAsync<int>("UPDATE orders SET created_at = $1 WHERE marketplace_order_id = '3201' RETURNING 1", created));
        bed.Uzum.SetStatus(3201, "CANCELED");

        var before = Lists(bed).Count;
        await PollAsync(bed);
        var lists = Lists(bed, before);
        Assert.Equal(FakeUzum.Statuses.Length, lists.Count);
        Assert.All(lists, r => Assert.True(Q(r, "dateFrom") > Seconds(created), "a list reached back to the order"));
        Assert.Single(bed.Uzum.Received("GET", "/v1/fbs/order/3201"));
        Assert.Equal("cancelled", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = '3201'"));
        Assert.Equal(0, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));

        // Cancelled is final: it is not re-read any more.
        await PollAsync(bed);
        Assert.Single(bed.Uzum.Received("GET", "/v1/fbs/order/3201"));
    }

    [Fact]
    public async Task Orders_filling_several_pages_are_all_imported_page_by_page()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("MANY-1", 10000, 500);
        await bed.MapEverywhereAsync((p, 1));
        for (var i = 0; i < 105; i++) bed.Uzum.AddOrder(40_000 + i, "CREATED", (5001, "MANY-1", 1, 10000));

        var before = Lists(bed).Count;
        await PollAsync(bed);
        Assert.Equal(105L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders WHERE source = 'uzum'"));
        Assert.Equal(105, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));

        var lists = Lists(bed, before);
        // CREATED: pages 0, 1 full, page 2 short (5) and last; no total in the reply to page by.
        Assert.Equal(["0", "1", "2"], lists.Where(r => r.Query["status"] == "CREATED").Select(r => r.Query["page"]));
        // Every other status: one short page.
        Assert.All(lists.Where(r => r.Query["status"] != "CREATED"), r => Assert.Equal("0", r.Query["page"]));
        Assert.All(lists, r => Assert.Equal("50", r.Query["size"]));
    }

    [Fact]
    public async Task A_product_with_two_skus_mapped_to_two_of_ours_gives_one_line_per_sku_each_reserving_its_own_stock()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var red = await bed.AddProductAsync("TWO-RED", 100000, 5);
        var blue = await bed.AddProductAsync("TWO-BLUE", 100000, 5);
        // One request each: the admin API still refuses one product id twice in a body (the index allows it per SKU).
        await bed.PutAsync("/api/admin/marketplaces/uzum/products", new[] { new { product_id = red, marketplace_product_id = "6000", marketplace_sku = "9601", barcode = "4780000009601" } });
        await bed.PutAsync("/api/admin/marketplaces/uzum/products", new[] { new { product_id = blue, marketplace_product_id = "6000", marketplace_sku = "9602", barcode = "4780000009602" } });
        // The seller's codes on Uzum are not our SKUs: only the SKU ids can resolve these lines.
        bed.Uzum.AddOrder(3301, "CREATED", null,
            new FakeUzum.Item(6000, 9601, "UZ-RED", 1, 100000),
            new FakeUzum.Item(6000, 9602, "UZ-BLUE", 2, 100000));

        await PollAsync(bed);
        Assert.Equal(2L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.marketplace_order_id = '3301'"));
        Assert.Equal(1, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", red));
        Assert.Equal(2, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", blue));
        Assert.False(await bed.Host.ScalarAsync<bool>("SELECT needs_attention FROM orders WHERE marketplace_order_id = '3301'"));
        Assert.Equal(2, await bed.Host.ScalarAsync<int>("SELECT i.quantity FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.marketplace_order_id = '3301' AND i.product_id = $1", blue));
    }

    [Fact]
    public async Task The_catalog_lists_every_sku_of_every_product_in_pages_of_100_with_its_seller_code_and_barcode_as_text()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        bed.Uzum.AddProduct(6000, "Choyshab", new FakeUzum.Sku(9601, 4780000009601, "UZ-RED", "qizil"), new FakeUzum.Sku(9602, 4780000009602, null, "ko'k"));
        for (var i = 0; i < 120; i++) bed.Uzum.AddProduct(7000 + i, $"Mahsulot {i}", new FakeUzum.Sku(80_000 + i, 4780000080000 + i, $"ART-{i}", "bitta"));

        // The fake holds the line a real client meets: more than 100 a page is refused in the envelope.
        var (status, body) = await AskFakeAsync(bed, $"/v1/product/shop/{FakeUzum.ShopId}?page=0&size=101");
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("size-too-big", body.GetProperty("errors")[0].GetProperty("code").GetString());
        var before = bed.Uzum.Received("GET", "/v1/product/shop/").Count;

        await using var scope = bed.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        var (_, ctx) = await scope.ServiceProvider.GetRequiredService<MarketplaceContextLoader>().LoadAsync(db, "uzum", CancellationToken.None);
        var connector = bed.Host.Services.GetServices<IMarketplaceConnector>().Single(c => c.Slug == "uzum");
        var listings = await connector.ListCatalogAsync(ctx!, CancellationToken.None);

        Assert.Equal(122, listings.Count);
        Assert.Equal(122, listings.Select(l => l.MarketplaceSku).Distinct().Count());
        var redSku = Assert.Single(listings, l => l.MarketplaceSku == "9601");
        Assert.Equal("6000", redSku.MarketplaceProductId);
        Assert.Equal("UZ-RED", redSku.VendorCode);
        Assert.Equal("4780000009601", Assert.Single(redSku.Barcodes));
        var blueSku = Assert.Single(listings, l => l.MarketplaceSku == "9602");
        Assert.Equal("6000", blueSku.MarketplaceProductId);
        Assert.Null(blueSku.VendorCode);
        Assert.Equal("4780000009602", Assert.Single(blueSku.Barcodes));
        Assert.Equal("ART-119", Assert.Single(listings, l => l.MarketplaceProductId == "7119").VendorCode);

        var pages = bed.Uzum.Received("GET", "/v1/product/shop/77").Skip(before).ToList();
        Assert.Equal(["0", "1"], pages.Select(r => r.Query["page"]));
        Assert.All(pages, r => Assert.Equal("100", r.Query["size"]));
    }

    [Fact]
    public async Task A_429_in_uzums_own_format_is_waited_out_and_the_poll_completes()
    {
        await using var bed = await MarketplaceBed.StartAsync(new Dictionary<string, string?> { ["Marketplaces:RetryBaseDelay"] = "00:00:00.200" });
        var p = await bed.AddProductAsync("RATE-1", 150000, 10);
        await bed.MapEverywhereAsync((p, 1));
        bed.Uzum.AddOrder(3401, "DELIVERING", (5001, "RATE-1", 1, 150000));
        // Uzum publishes no limit; this one is far below the eleven lists of one poll.
        bed.Uzum.RateLimit = 5;
        bed.Uzum.RateWindow = TimeSpan.FromMilliseconds(400);

        await PollAsync(bed);
        Assert.True(bed.Uzum.RateViolations > 0);
        Assert.Equal("shipped", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = '3401'"));
        Assert.Equal(FakeUzum.Statuses.Order(), Lists(bed).Select(r => r.Query["status"]).Distinct().Order());
    }
}
