using System.Globalization;
using System.Net;
using AmazingStore.Data;
using AmazingStore.Web.Marketplaces.Connectors;
using AmazingStore.Web.Marketplaces.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>Wildberries as it is today: three hosts, orders paged by next, open orders re-read by task id, prices' own limits and errors, cards by cursor.</summary>
public sealed class WildberriesTests
{
    [Fact]
    public async Task Orders_spanning_several_next_pages_are_imported_once_with_their_task_ids()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("WBP-1", 150000, 20);
        await bed.MapEverywhereAsync((p, 1));
        bed.Wb.PageCap = 2;
        // Tasks 1001..1006: A's three units straddle the first two pages, B's two the next two.
        bed.Wb.AddOrder("uid-A", 1001, chrtId: 700001, nmId: 100001, units: 3, priceMinor: 100_000);
        bed.Wb.AddOrder("uid-B", 1004, chrtId: 700001, nmId: 100001, units: 2, priceMinor: 100_000);
        bed.Wb.AddOrder("uid-C", 1006, chrtId: 700001, nmId: 100001, units: 1, priceMinor: 100_000);
        // Confirmed, so /orders/new does not list them: only the paged list can bring them.
        foreach (var uid in new[] { "uid-A", "uid-B", "uid-C" }) bed.Wb.SetStatus(uid, "confirm", "waiting");

        for (var poll = 0; poll < 2; poll++)
            Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("wildberries", SyncTypes.Orders)).Status);

        Assert.Equal(3L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders WHERE source = 'wildberries'"));
        Assert.Equal(6, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));
        Assert.Equal(3, await bed.Host.ScalarAsync<int>("SELECT i.quantity FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.marketplace_order_id = 'uid-A'"));
        Assert.Equal(2, await bed.Host.ScalarAsync<int>("SELECT i.quantity FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.marketplace_order_id = 'uid-B'"));
        Assert.Equal("confirmed", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = 'uid-A'"));
        Assert.Equal("1001,1002,1003", await bed.Host.ScalarAsync<string>("SELECT array_to_string(marketplace_refs, ',') FROM orders WHERE marketplace_order_id = 'uid-A'"));
        Assert.Equal("1004,1005", await bed.Host.ScalarAsync<string>("SELECT array_to_string(marketplace_refs, ',') FROM orders WHERE marketplace_order_id = 'uid-B'"));
        // The first poll walked the pages by passing each reply's next back, until an empty page.
        var firstPoll = bed.Wb.Received("GET", "/api/v3/orders").Where(r => r.Path == "/api/v3/orders").Take(4).ToList();
        Assert.Equal(["0", "1002", "1004", "1006"], firstPoll.Select(r => r.Query["next"]));
        Assert.All(firstPoll, r => Assert.Equal("1000", r.Query["limit"]));
        var span = long.Parse(firstPoll[0].Query["dateTo"], CultureInfo.InvariantCulture) - long.Parse(firstPoll[0].Query["dateFrom"], CultureInfo.InvariantCulture);
        Assert.InRange(span, 1, 30 * 86_400);
        Assert.All(bed.Wb.StatusBatchSizes, n => Assert.InRange(n, 1, 1000));
    }

    [Fact]
    public async Task An_open_order_older_than_the_poll_window_gets_its_cancellation_through_the_refresh_with_or_without_refs()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("WBR-1", 150000, 10);
        await bed.MapEverywhereAsync((p, 1));
        bed.Wb.AddOrder("uid-old", 2001, chrtId: 700001, nmId: 100001, units: 2, priceMinor: 100_000);
        bed.Wb.AddOrder("uid-legacy", 2101, chrtId: 700001, nmId: 100001, units: 1, priceMinor: 100_000);
        await bed.RunAsync("wildberries", SyncTypes.Orders);
        Assert.Equal(3, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));
        Assert.Equal("2001,2002", await bed.Host.ScalarAsync<string>("SELECT array_to_string(marketplace_refs, ',') FROM orders WHERE marketplace_order_id = 'uid-old'"));

        // Both are now 20 days old, far outside the poll window; the legacy one was imported before refs were kept.
        var created = DateTime.UtcNow.AddDays(-20);
        foreach (var uid in new[] { "uid-old", "uid-legacy" })
        {
            bed.Wb.SetStatus(uid, "confirm", "waiting");
            bed.Wb.SetCreatedAt(uid, created);
        }
        await bed.Host.ScalarAsync<int>("UPDATE orders SET created_at = now() - interval '20 days' WHERE source = 'wildberries' RETURNING 1");
        await bed.Host.ScalarAsync<int>("UPDATE orders SET marketplace_refs = NULL WHERE marketplace_order_id = 'uid-legacy' RETURNING 1");
        bed.Wb.CancelOrder("uid-old");
        bed.Wb.CancelOrder("uid-legacy");
        var listsBefore = bed.Wb.Received("GET", "/api/v3/orders").Count(r => r.Path == "/api/v3/orders");

        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("wildberries", SyncTypes.Orders)).Status);

        Assert.Equal("cancelled", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = 'uid-old'"));
        Assert.Equal("cancelled", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = 'uid-legacy'"));
        Assert.Equal(0, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));
        // The status call asked by task id; the legacy order's tasks were found by orderUid in a listing
        // around the day it was created, and its refs are kept now.
        Assert.Contains(bed.Wb.Received("POST", "/api/v3/orders/status"), r => r.Body.Contains("2001", StringComparison.Ordinal) && r.Body.Contains("2101", StringComparison.Ordinal));
        var lookups = bed.Wb.Received("GET", "/api/v3/orders").Where(r => r.Path == "/api/v3/orders").Skip(listsBefore)
            .Select(r => DateTimeOffset.FromUnixTimeSeconds(long.Parse(r.Query["dateFrom"], CultureInfo.InvariantCulture)).UtcDateTime).ToList();
        Assert.Contains(lookups, from => from < created && from > created.AddDays(-2));
        Assert.Equal("2101", await bed.Host.ScalarAsync<string>("SELECT array_to_string(marketplace_refs, ',') FROM orders WHERE marketplace_order_id = 'uid-legacy'"));
    }

    [Fact]
    public async Task A_208_upload_is_success_an_error_uploads_errorText_is_logged_and_a_quarantined_item_fails_alone()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var ids = new List<(int, int)>();
        for (var n = 1; n <= 3; n++) ids.Add((await bed.AddProductAsync($"WBQ-{n}", 150000, 5), n));
        await bed.MapEverywhereAsync(ids.ToArray());
        var prices = bed.Wb.PricesApi;

        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("wildberries", SyncTypes.Price)).Status);
        Assert.Equal((1000L, 0), bed.Wb.Prices[100002]);
        // The same prices again: WB answers 208 (the upload exists) — not a failure, and nothing to read back.
        var again = Assert.Single(await bed.RunAsync("wildberries", SyncTypes.Price, full: true));
        Assert.Equal((SyncStatuses.Success, 3, 0), (again.Status, again.Processed, again.Failed));
        Assert.Equal(2, prices.Received("POST", "/api/v2/upload/task").Count);
        Assert.Single(prices.Received("GET", "/api/v2/history/goods/task"));

        // An error reply carries errorText only (no code/message): it reaches the log and the mappings.
        prices.Script.Enqueue(new FakeReply(400, """{"data":null,"error":true,"errorText":"Invalid nmID: the card is not yours"}"""));
        var refused = Assert.Single(await bed.RunAsync("wildberries", SyncTypes.Price, full: true));
        Assert.Equal(SyncStatuses.Failed, refused.Status);
        Assert.Contains("Invalid nmID: the card is not yours", await bed.Host.ScalarAsync<string>(
            "SELECT error_message FROM sync_logs WHERE sync_type = 'price' AND status = 'failed' ORDER BY id DESC LIMIT 1"));
        Assert.Equal(3L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM marketplace_products mp JOIN marketplaces m ON m.id = mp.marketplace_id WHERE m.slug = 'wildberries' AND mp.sync_error LIKE '%Invalid nmID: the card is not yours%'"));

        // WB-2 drops to a quarter (at least 3x lower): WB takes the upload, then quarantines that item alone.
        await bed.Host.ScalarAsync<int>("UPDATE products SET price = 37500 WHERE sku = 'WBQ-2' RETURNING 1");
        await bed.Host.ScalarAsync<int>("UPDATE products SET price = 160500 WHERE sku = 'WBQ-3' RETURNING 1");
        var partial = Assert.Single(await bed.RunAsync("wildberries", SyncTypes.Price));
        Assert.Equal((SyncStatuses.Partial, 3, 1), (partial.Status, partial.Processed, partial.Failed));
        Assert.Equal((1000L, 0), bed.Wb.Prices[100002]);
        Assert.Equal((1070L, 0), bed.Wb.Prices[100003]);
        Assert.Equal("error " + FakeWbPrices.Quarantine, await bed.Host.ScalarAsync<string>(
            "SELECT mp.sync_status || ' ' || mp.sync_error FROM marketplace_products mp JOIN products p ON p.id = mp.product_id JOIN marketplaces m ON m.id = mp.marketplace_id WHERE m.slug = 'wildberries' AND p.sku = 'WBQ-2'"));
        Assert.Equal(2L, await bed.Host.ScalarAsync<long>(
            "SELECT count(*) FROM marketplace_products mp JOIN marketplaces m ON m.id = mp.marketplace_id WHERE m.slug = 'wildberries' AND mp.sync_status = 'synced' AND mp.sync_error IS NULL"));
        Assert.Contains(FakeWbPrices.Quarantine, await bed.Host.ScalarAsync<string>(
            "SELECT error_message FROM sync_logs WHERE sync_type = 'price' AND status = 'partial' ORDER BY id DESC LIMIT 1"));

        // An upload still processing is read from the buffer: nothing refused there yet, so it counts as sent.
        prices.HoldInBuffer = true;
        await bed.Host.ScalarAsync<int>("UPDATE products SET price = 165000 WHERE sku = 'WBQ-1' RETURNING 1");
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("wildberries", SyncTypes.Price)).Status);
        Assert.NotEmpty(prices.Received("GET", "/api/v2/buffer/goods/task"));
        Assert.Equal(0, prices.RateViolations);
    }

    [Fact]
    public async Task Many_price_pushes_stay_within_10_per_period_with_a_burst_of_5()
    {
        // WB's 10 per 6 s (one every 600 ms, burst 5) shrunk to 10 per 2 s (one every 200 ms). The store keeps a
        // smaller burst than the fake allows (3 of 5): on a loaded 2-core machine requests sent apart can arrive
        // bunched, and two spare tokens absorb that (each request's own slack, 10 % + 20 ms, is too thin for it).
        await using var bed = await MarketplaceBed.StartAsync(new Dictionary<string, string?>
        {
            ["Marketplaces:WildberriesPricePeriod"] = "00:00:02",
            ["Marketplaces:WildberriesPriceRequestsPerPeriod"] = "10",
            ["Marketplaces:WildberriesPriceBurst"] = "3",
        });
        var prices = bed.Wb.PricesApi;
        prices.Interval = TimeSpan.FromMilliseconds(200);
        prices.Burst = 5;
        var p = await bed.AddProductAsync("WBL-1", 150000, 5);
        await bed.MapEverywhereAsync((p, 1));

        const int pushes = 12;
        for (var i = 0; i < pushes; i++)
        {
            // A new price each time (a small rise: no 208, no quarantine): an upload and its history read.
            await bed.Host.ScalarAsync<int>("UPDATE products SET price = price + 1500 WHERE id = $1 RETURNING 1", p);
            Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("wildberries", SyncTypes.Price)).Status);
        }

        Assert.Equal(0, prices.RateViolations);
        Assert.Equal(pushes, prices.Received("POST", "/api/v2/upload/task").Count);
        Assert.Equal(pushes, prices.Received("GET", "/api/v2/history/goods/task").Count);
        // The fake does enforce the bucket: a raw burst of 8 finds it empty.
        using var raw = new HttpClient();
        for (var i = 0; i < 8; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, prices.Url + "/api/v2/history/goods/task?uploadID=1&limit=1");
            request.Headers.TryAddWithoutValidation("Authorization", MarketplaceBed.WbToken);
            (await raw.SendAsync(request)).Dispose();
        }
        Assert.True(prices.RateViolations > 0, "the fake prices host let a burst of 8 through");
    }

    [Fact]
    public async Task Prices_and_cards_sent_to_the_marketplace_api_host_fail_with_404_and_the_other_way_round()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("WBH-1", 150000, 5);
        await bed.MapEverywhereAsync((p, 1));
        await bed.PutAsync("/api/admin/marketplaces/wildberries", new { settings = new { prices_api_base_url = bed.Wb.Url, content_api_base_url = bed.Wb.Url } });

        var outcome = Assert.Single(await bed.RunAsync("wildberries", SyncTypes.Price));
        Assert.Equal(SyncStatuses.Failed, outcome.Status);
        Assert.Contains("HTTP 404", outcome.Error);
        Assert.Single(bed.Wb.Received("POST", "/api/v2/upload/task"));
        Assert.Empty(bed.Wb.PricesApi.Requests);
        var (wb, ctx) = await ConnectorAsync(bed);
        var cards = await Assert.ThrowsAsync<MarketplaceException>(() => wb.ListCatalogAsync(ctx, CancellationToken.None));
        Assert.Contains("HTTP 404", cards.Message);
        Assert.Single(bed.Wb.Received("POST", "/content/v2/get/cards/list"));

        // The marketplace API's calls on the prices or content host are not found either.
        using var raw = new HttpClient();
        foreach (var host in new FakeServer[] { bed.Wb.PricesApi, bed.Wb.ContentApi })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, host.Url + "/api/v3/orders/new");
            request.Headers.TryAddWithoutValidation("Authorization", MarketplaceBed.WbToken);
            using var reply = await raw.SendAsync(request);
            Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
        }
    }

    [Fact]
    public async Task ListCatalogAsync_returns_every_size_across_cursor_pages()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var content = bed.Wb.ContentApi;
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        // 230 cards, every third with two sizes; several share an updatedAt, so the cursor needs nmID too.
        for (var i = 0; i < 230; i++)
        {
            var nm = 500_000L + i;
            var sizes = i % 3 == 0
                ? new[] { (nm * 10 + 1, new[] { $"2000{i:D6}1" }), (nm * 10 + 2, new[] { $"2000{i:D6}2", $"4600{i:D6}2" }) }
                : new[] { (nm * 10 + 1, new[] { $"2000{i:D6}1" }) };
            content.AddCard(nm, $"VC-{i}", $"Card {i}", start.AddMinutes(i / 4), sizes);
        }
        var (wb, ctx) = await ConnectorAsync(bed);

        var listings = await wb.ListCatalogAsync(ctx, CancellationToken.None);

        Assert.Equal(230 + 77, listings.Count);
        Assert.Equal(listings.Count, listings.Select(l => (l.MarketplaceProductId, l.MarketplaceSku)).Distinct().Count());
        var two = listings.Where(l => l.MarketplaceProductId == "500003").OrderBy(l => l.MarketplaceSku).ToList();
        Assert.Equal(["5000031", "5000032"], two.Select(l => l.MarketplaceSku));
        Assert.All(two, l => Assert.Equal(("VC-3", "Card 3"), (l.VendorCode, l.Name)));
        Assert.Equal(["20000000032", "46000000032"], two[1].Barcodes);
        var calls = content.Received("POST", "/content/v2/get/cards/list");
        Assert.Equal(3, calls.Count); // 100 + 100 + 30
        Assert.DoesNotContain("updatedAt", calls[0].Body, StringComparison.Ordinal);
        Assert.Contains("\"nmID\"", calls[1].Body, StringComparison.Ordinal);
        Assert.All(calls, c => Assert.Contains("\"limit\":100", c.Body, StringComparison.Ordinal));
    }

    private static async Task<(IMarketplaceConnector Connector, MarketplaceContext Context)> ConnectorAsync(MarketplaceBed bed)
    {
        using var scope = bed.Host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        var (_, ctx) = await bed.Host.Services.GetRequiredService<MarketplaceContextLoader>().LoadAsync(db, "wildberries", CancellationToken.None);
        return (bed.Host.Services.GetServices<IMarketplaceConnector>().Single(c => c.Slug == "wildberries"), ctx!);
    }
}
