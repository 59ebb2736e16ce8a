using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Web.Marketplaces.Connectors;
using AmazingStore.Web.Marketplaces.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>OZON as it answers today: v4 posting lists by cursor, pushes as hints, the product list, the 30 s per-pair stock window.</summary>
public sealed class OzonPostingsTests
{
    private const string List = "/v4/posting/fbs/list";
    private const string Unfulfilled = "/v4/posting/fbs/unfulfilled/list";

    /// <summary>A request straight to the fake OZON, as the store would send it.</summary>
    private static async Task<(HttpStatusCode Status, JsonNode Body)> PostToOzonAsync(MarketplaceBed bed, string path, object body)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, bed.Ozon.Url.TrimEnd('/') + path) { Content = JsonContent.Create(body) };
        request.Headers.Add("Client-Id", MarketplaceBed.OzonClient);
        request.Headers.Add("Api-Key", MarketplaceBed.OzonKey);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    private static IReadOnlyList<JsonNode> Bodies(FakeServer fake, string path) =>
        fake.Requests.Where(r => r.Path == path).Select(r => JsonNode.Parse(r.Body)!).ToList();

    [Fact]
    public async Task Only_the_v4_lists_serve_postings_three_pages_by_cursor_import_each_posting_once_and_status_changes_follow()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("OZP-1", 1000, 1000);
        await bed.MapEverywhereAsync((p, 1));
        var start = DateTime.UtcNow.AddHours(-5);
        for (var i = 0; i < 250; i++)
            bed.Ozon.AddPosting($"4000{i:D4}-0001-1", "awaiting_packaging", "OFFER-1", 1, "1000", start.AddMinutes(i));
        // Started ten days ago and still open: outside any poll window, only the unfulfilled list has it.
        bed.Ozon.AddPosting("39990001-0001-1", "awaiting_deliver", "OFFER-1", 1, "1000", DateTime.UtcNow.AddDays(-10));
        // Delivered long ago: in neither list.
        bed.Ozon.AddPosting("39990002-0001-1", "delivered", "OFFER-1", 1, "1000", DateTime.UtcNow.AddDays(-10));

        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("ozon", SyncTypes.Orders)).Status);

        Assert.Equal(251L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders WHERE source = 'ozon'"));
        Assert.Equal(251L, await bed.Host.ScalarAsync<long>("SELECT count(DISTINCT marketplace_order_id) FROM orders WHERE source = 'ozon'"));
        Assert.Equal("confirmed", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = '39990001-0001-1'"));
        Assert.Equal(0L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders WHERE marketplace_order_id = '39990002-0001-1'"));
        Assert.Equal(251, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));

        // Nothing asked the switched-off v3 lists; each v4 list was paged 3 times (250 and 251 postings,
        // ≤ 100 a page), every page after the first asking with the cursor the page before it handed out.
        Assert.DoesNotContain(bed.Ozon.Requests, r => r.Path.StartsWith("/v3/posting/fbs/list", StringComparison.Ordinal)
                                                      || r.Path.StartsWith("/v3/posting/fbs/unfulfilled", StringComparison.Ordinal));
        foreach (var path in new[] { List, Unfulfilled })
        {
            var asked = Bodies(bed.Ozon, path);
            Assert.Equal(3, asked.Count);
            Assert.All(asked, b => Assert.InRange(b["limit"]!.GetValue<int>(), 1, FakeOzon.PostingPageMax));
            var issued = bed.Ozon.IssuedCursors.Where(c => c.Path == path).Select(c => c.Cursor).ToList();
            Assert.Equal(new[] { "" }.Concat(issued.Take(2)), asked.Select(b => b["cursor"]!.GetValue<string>()));
            Assert.Equal(3, issued.Distinct().Count());
        }
        Assert.Equal(0, bed.Ozon.PageLimitViolations);
        // The fake does hold OZON's limits: a page of 101 and the v3 list are refused.
        var (tooBig, error) = await PostToOzonAsync(bed, List, new { cursor = "", filter = new { since = "2026-01-01T00:00:00Z", to = "2026-01-02T00:00:00Z" }, limit = 101 });
        Assert.Equal(HttpStatusCode.BadRequest, tooBig);
        Assert.Equal(3, error["code"]!.GetValue<int>());
        Assert.Equal(HttpStatusCode.NotFound, (await PostToOzonAsync(bed, "/v3/posting/fbs/list", new { limit = 100, offset = 0 })).Status);

        // Between polls OZON moves postings on: one is cancelled, one awaits the courier.
        bed.Ozon.SetStatus("40000000-0001-1", "cancelled");
        bed.Ozon.SetStatus("40000001-0001-1", "awaiting_deliver");
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("ozon", SyncTypes.Orders)).Status);
        Assert.Equal("cancelled", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = '40000000-0001-1'"));
        Assert.Equal("confirmed", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = '40000001-0001-1'"));
        Assert.Equal(250, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));
        Assert.Equal(251L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders WHERE source = 'ozon'"));
    }

    [Fact]
    public async Task Over_its_rate_limit_ozon_answers_429_in_its_own_format_and_the_connector_retries_then_reports_it()
    {
        await using var bed = await MarketplaceBed.StartAsync(new Dictionary<string, string?> { ["Marketplaces:MaxRetries"] = "2" });
        bed.Ozon.RateLimit = 0;

        var (status, body) = await PostToOzonAsync(bed, List, new { cursor = "", filter = new { since = "2026-01-01T00:00:00Z", to = "2026-01-02T00:00:00Z" }, limit = 100 });
        Assert.Equal(HttpStatusCode.TooManyRequests, status);
        Assert.Equal(8, body["code"]!.GetValue<int>());
        Assert.Empty(body["details"]!.AsArray());

        var before = bed.Ozon.Requests.Count;
        var failed = Assert.Single(await bed.RunAsync("ozon", SyncTypes.Orders));
        Assert.Equal(SyncStatuses.Failed, failed.Status);
        Assert.Contains("HTTP 429", failed.Error);
        Assert.Contains("rate limit", failed.Error);
        Assert.Equal(3, bed.Ozon.Requests.Count - before); // one attempt and two retries

        bed.Ozon.RateLimit = 10_000;
        bed.Ozon.AddPosting("41000001-0001-1", "awaiting_packaging", "OFFER-UNMAPPED", 1, "500");
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("ozon", SyncTypes.Orders)).Status);
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders WHERE marketplace_order_id = '41000001-0001-1'"));
    }

    private static Task<HttpResponseMessage> PushAsync(MarketplaceBed bed, object push) => bed.Host.Client.PostAsJsonAsync("/webhooks/ozon", push);

    private static Task WaitForPushesAsync(MarketplaceBed bed) =>
        MarketplaceBed.WaitUntilAsync(async () => await bed.Host.ScalarAsync<long>("SELECT count(*) FROM marketplace_webhooks WHERE status IN ('pending', 'processing')") == 0,
            TimeSpan.FromSeconds(20), "the pushes to be processed");

    private static Task WaitForEveryMarketplaceAsync(MarketplaceBed bed, int amount, string what) =>
        MarketplaceBed.WaitUntilAsync(() => Task.FromResult(
            bed.Uzum.Stock.GetValueOrDefault("4780000000001") == amount && bed.Wb.Stock.GetValueOrDefault(700001) == amount
            && bed.Ozon.Stock.GetValueOrDefault($"OFFER-1@{MarketplaceBed.OzonWarehouse}") == amount), TimeSpan.FromSeconds(30), what);

    [Fact]
    public async Task A_cancellation_push_releases_the_stock_for_every_marketplace_and_a_delivered_push_closes_the_order_once_ozon_says_so()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("OZH-1", 90000, 5);
        await bed.MapEverywhereAsync((p, 1));
        foreach (var slug in new[] { "uzum", "wildberries", "ozon" }) await bed.RunAsync(slug, SyncTypes.Stock);
        await WaitForEveryMarketplaceAsync(bed, 5, "the first stock push");

        bed.Ozon.AddPosting("42000001-0001-1", "awaiting_packaging", "OFFER-1", 2, "600");
        bed.Ozon.AddPosting("42000002-0001-1", "awaiting_packaging", "OFFER-1", 1, "600");
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("ozon", SyncTypes.Orders)).Status);
        Assert.Equal(3, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));
        await WaitForEveryMarketplaceAsync(bed, 2, "the reservation to reach every marketplace");

        bed.Ozon.SetStatus("42000001-0001-1", "cancelled");
        var cancelled = await PushAsync(bed, new
        {
            message_type = "TYPE_POSTING_CANCELLED", posting_number = "42000001-0001-1", products = new[] { new { sku = 140048123, quantity = 2 } },
            old_state = "posting_created", new_state = "posting_canceled", changed_state_date = "2026-01-26T06:56:36.294Z", seller_id = 15,
        });
        Assert.Equal(HttpStatusCode.OK, cancelled.StatusCode);
        Assert.True(JsonDocument.Parse(await cancelled.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetBoolean());
        await WaitForPushesAsync(bed);
        Assert.Equal("cancelled", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = '42000001-0001-1'"));
        Assert.Equal(1, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));
        await WaitForEveryMarketplaceAsync(bed, 4, "the released units to reach every marketplace");

        // A push is a hint: "delivered" while OZON itself still says awaiting_packaging changes nothing...
        var delivered = new { message_type = "TYPE_STATE_CHANGED", posting_number = "42000002-0001-1", new_state = "posting_delivered", changed_state_date = "2026-02-02T15:07:46.765Z", seller_id = 15 };
        Assert.Equal(HttpStatusCode.OK, (await PushAsync(bed, delivered)).StatusCode);
        await WaitForPushesAsync(bed);
        Assert.Equal("pending", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = '42000002-0001-1'"));

        // ...and once OZON says delivered, the same push closes the order: the unit leaves the shelf.
        bed.Ozon.SetStatus("42000002-0001-1", "delivered");
        Assert.Equal(HttpStatusCode.OK, (await PushAsync(bed, delivered)).StatusCode);
        await WaitForPushesAsync(bed);
        Assert.Equal("delivered", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = '42000002-0001-1'"));
        Assert.Equal(0, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));
        Assert.Equal(4, await bed.Host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", p));
        var gets = bed.Ozon.Received("POST", "/v3/posting/fbs/get");
        Assert.Equal(1, gets.Count(r => r.Body.Contains("42000001-0001-1")));
        Assert.Equal(2, gets.Count(r => r.Body.Contains("42000002-0001-1")));
    }

    [Fact]
    public async Task The_catalog_lists_every_ozon_product_with_its_barcodes_across_pages()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        for (var i = 1; i <= 2500; i++)
        {
            string[] barcodes = i % 3 == 0 ? [] : i % 2 == 0 ? [$"46{i:D11}", $"47{i:D11}"] : [$"46{i:D11}"];
            bed.Ozon.AddProduct(800_000 + i, $"ART-{i}", $"Tovar {i}", barcodes);
        }

        await using var scope = bed.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        var (_, ctx) = await bed.Host.Services.GetRequiredService<MarketplaceContextLoader>().LoadAsync(db, "ozon", CancellationToken.None);
        var connector = bed.Host.Services.GetServices<IMarketplaceConnector>().Single(c => c.Slug == "ozon");
        var listings = await connector.ListCatalogAsync(ctx!, CancellationToken.None);

        Assert.Equal(2500, listings.Count);
        Assert.Equal(2500, listings.Select(l => l.MarketplaceProductId).Distinct().Count());
        foreach (var i in new[] { 1, 2, 3, 1000, 1001, 2500 })
        {
            var l = Assert.Single(listings, x => x.MarketplaceProductId == (800_000 + i).ToString());
            Assert.Equal($"ART-{i}", l.MarketplaceSku);
            Assert.Equal($"ART-{i}", l.VendorCode);
            Assert.Equal($"Tovar {i}", l.Name);
            string[] expected = i % 3 == 0 ? [] : i % 2 == 0 ? [$"46{i:D11}", $"47{i:D11}"] : [$"46{i:D11}"];
            Assert.Equal(expected, l.Barcodes);
        }
        Assert.Equal(2500 - 2500 / 3, listings.Count(l => l.Barcodes.Count > 0));

        // Three pages by last_id, each at most OZON's 1 000, then the info for each page's ids.
        var pages = Bodies(bed.Ozon, "/v3/product/list");
        Assert.Equal(3, pages.Count);
        Assert.All(pages, b => Assert.InRange(b["limit"]!.GetValue<int>(), 1, FakeOzon.ProductPageMax));
        var issued = bed.Ozon.IssuedCursors.Where(c => c.Path == "/v3/product/list").Select(c => c.Cursor).ToList();
        Assert.Equal(new[] { "" }.Concat(issued.Take(2)), pages.Select(b => b["last_id"]!.GetValue<string>()));
        var info = Bodies(bed.Ozon, "/v3/product/info/list");
        Assert.Equal(new[] { 1000, 1000, 500 }, info.Select(b => b["product_id"]!.AsArray().Count));
        Assert.Equal(0, bed.Ozon.PageLimitViolations);
    }

    [Fact]
    public async Task A_second_stock_change_within_ozons_window_is_held_back_by_the_store_and_sent_after_it_instead_of_being_refused()
    {
        // The store's cooldown and the fake's window agree (MarketplaceBed matches them), 8 s here.
        await using var bed = await MarketplaceBed.StartAsync(new Dictionary<string, string?> { ["Marketplaces:OzonItemCooldown"] = "00:00:08" });
        Assert.Equal(TimeSpan.FromSeconds(8), bed.Ozon.ItemWindow);
        var p = await bed.AddProductAsync("OZC-1", 1000, 10);
        await bed.MapEverywhereAsync((p, 1));
        foreach (var slug in new[] { "uzum", "wildberries", "ozon" }) await bed.RunAsync(slug, SyncTypes.Stock);
        await WaitForEveryMarketplaceAsync(bed, 10, "the first stock push");

        Assert.IsType<PlaceResult.Placed>(await OrderImportTests.PlaceAppOrderAsync(bed, p, 1));
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(bed.Uzum.Stock["4780000000001"] == 9 && bed.Wb.Stock[700001] == 9),
            TimeSpan.FromSeconds(20), "Uzum and WB to get the change at once");
        await MarketplaceBed.WaitUntilAsync(async () => await bed.Host.ScalarAsync<long>(
                "SELECT count(*) FROM outbox_messages WHERE type = 'marketplace.stock_push' AND status = 'pending' AND last_error = 'per-item cooldown: ozon 1 item(s)'") == 1,
            TimeSpan.FromSeconds(20), "the OZON item to be held back");
        Assert.Equal(10, bed.Ozon.Stock[$"OFFER-1@{MarketplaceBed.OzonWarehouse}"]);

        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(bed.Ozon.Stock[$"OFFER-1@{MarketplaceBed.OzonWarehouse}"] == 9),
            TimeSpan.FromSeconds(30), "the held-back change to reach OZON after its window");
        var sent = bed.Ozon.Received("POST", "/v2/products/stocks").Where(r => r.Body.Contains("OFFER-1")).ToList();
        Assert.Equal(2, sent.Count);
        Assert.True(sent[1].At - sent[0].At >= TimeSpan.FromSeconds(8), $"second change {sent[1].At - sent[0].At} after the first");
        Assert.Equal(0, bed.Ozon.ItemWindowRefusals);

        // Sent within the window anyway, OZON would have refused it inside its 200.
        var (status, reply) = await PostToOzonAsync(bed, "/v2/products/stocks",
            new { stocks = new[] { new { offer_id = "OFFER-1", product_id = 300001L, stock = 7, warehouse_id = long.Parse(MarketplaceBed.OzonWarehouse) } } });
        Assert.Equal(HttpStatusCode.OK, status);
        var item = reply["result"]![0]!;
        Assert.False(item["updated"]!.GetValue<bool>());
        Assert.Equal("TOO_MANY_REQUESTS", item["errors"]![0]!["code"]!.GetValue<string>());
        Assert.Equal(1, bed.Ozon.ItemWindowRefusals);
        Assert.Equal(9, bed.Ozon.Stock[$"OFFER-1@{MarketplaceBed.OzonWarehouse}"]);
    }
}
