using AmazingStore.Web.Marketplaces.Sync;

namespace AmazingStore.Tests.Marketplaces;

public sealed class ResilienceTests
{
    [Fact]
    public async Task Wb_429_then_409_StoreIsProcessing_the_push_completes_within_the_rate_limit()
    {
        // The published 300/min shrunk to 20 per 2 s on both sides; a 409 costs 10 of them.
        await using var bed = await MarketplaceBed.StartAsync(new Dictionary<string, string?>
        {
            ["Marketplaces:RateWindow"] = "00:00:02",
            ["Marketplaces:WildberriesRequestsPerWindow"] = "20",
        });
        bed.Wb.RateLimit = 20;
        bed.Wb.RateWindow = TimeSpan.FromSeconds(2);
        var ids = new List<(int, int)>();
        for (var n = 1; n <= 3; n++) ids.Add((await bed.AddProductAsync($"R-{n}", 1000, 5 + n), n));
        await bed.MapEverywhereAsync(ids.ToArray());

        bed.Wb.Script.Enqueue(FakeServer.TooMany("1"));
        bed.Wb.Script.Enqueue(new FakeReply(409, """[{"code":"StoreIsProcessing","message":"The store is processing"}]"""));
        var started = DateTime.UtcNow;
        var outcome = Assert.Single(await bed.RunAsync("wildberries", SyncTypes.Stock));

        Assert.Equal(SyncStatuses.Success, outcome.Status);
        Assert.Equal([6, 7, 8], new[] { bed.Wb.Stock[700001], bed.Wb.Stock[700002], bed.Wb.Stock[700003] });
        var puts = bed.Wb.Received("PUT", "/api/v3/stocks/");
        Assert.Equal(3, puts.Count); // 429, 409, 204
        Assert.True(puts[1].At - puts[0].At >= TimeSpan.FromSeconds(0.9), "X-Ratelimit-Retry was honoured");
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(15));

        // A burst of full pushes stays inside the limit the fake enforces (no unscripted 429).
        for (var i = 0; i < 25; i++) await bed.RunAsync("wildberries", SyncTypes.Stock, full: true);
        Assert.Equal(0, bed.Wb.RateViolations);
        Assert.Equal(28, bed.Wb.Received("PUT", "/api/v3/stocks/").Count);
    }

    [Fact]
    public async Task Ozon_per_item_limits_inside_200_make_a_deferred_log_naming_the_items_and_the_next_run_sends_them()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var ids = new List<(int, int)>();
        for (var n = 1; n <= 4; n++) ids.Add((await bed.AddProductAsync($"OZ-{n}", 1000, 10 * n), n));
        await bed.MapEverywhereAsync(ids.ToArray());
        bed.Ozon.FailOnce["OFFER-2"] = true;
        bed.Ozon.FailOnce["OFFER-4"] = true;

        // OZON's one change per pair per 30 s held two items back: deferred to the next run, not failed.
        var first = Assert.Single(await bed.RunAsync("ozon", SyncTypes.Stock));
        Assert.Equal(SyncStatuses.Deferred, first.Status);
        Assert.Equal((4, 0), (first.Processed, first.Failed));
        Assert.Equal("deferred 0", await bed.Host.ScalarAsync<string>("SELECT status || ' ' || items_failed FROM sync_logs WHERE sync_type = 'stock'"));
        var error = await bed.Host.ScalarAsync<string>("SELECT error_message FROM sync_logs WHERE sync_type = 'stock'");
        Assert.StartsWith("2 item(s) deferred to the next run", error);
        Assert.DoesNotContain("failed", error);
        Assert.Contains("OZ-2 (OFFER-2): TOO_MANY_REQUESTS", error);
        Assert.Contains("OZ-4 (OFFER-4): TOO_MANY_REQUESTS", error);
        Assert.DoesNotContain("OZ-1", error);
        Assert.Equal(2L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM marketplace_products WHERE sync_status = 'deferred' AND sync_error LIKE 'TOO_MANY_REQUESTS%'"));

        var second = Assert.Single(await bed.RunAsync("ozon", SyncTypes.Stock));
        Assert.Equal((SyncStatuses.Success, 2, 0), (second.Status, second.Processed, second.Failed));
        var retried = bed.Ozon.Received("POST", "/v2/products/stocks").Last().Body;
        Assert.Contains("OFFER-2", retried);
        Assert.Contains("OFFER-4", retried);
        Assert.DoesNotContain("OFFER-1", retried);
        Assert.Equal(20, bed.Ozon.Stock[$"OFFER-2@{MarketplaceBed.OzonWarehouse}"]);
        Assert.Equal(40, bed.Ozon.Stock[$"OFFER-4@{MarketplaceBed.OzonWarehouse}"]);
    }

    [Fact]
    public async Task A_run_that_only_held_items_back_for_ozons_30_s_reads_deferred_not_failed()
    {
        await using var bed = await MarketplaceBed.StartAsync(new Dictionary<string, string?> { ["Marketplaces:OzonItemCooldown"] = "00:00:30" });
        var ids = new List<(int, int)>();
        for (var n = 1; n <= 3; n++) ids.Add((await bed.AddProductAsync($"HB-{n}", 1000, 10), n));
        await bed.MapEverywhereAsync(ids.ToArray());
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("ozon", SyncTypes.Stock)).Status);
        await bed.Host.ScalarAsync<int>("UPDATE inventory SET quantity = 7");

        // Every item changed again within 30 s: the store holds all three back, none is sent, none failed.
        var second = Assert.Single(await bed.RunAsync("ozon", SyncTypes.Stock));
        Assert.Equal((SyncStatuses.Deferred, 3, 0), (second.Status, second.Processed, second.Failed));
        Assert.Equal("deferred 0", await bed.Host.ScalarAsync<string>(
            "SELECT status || ' ' || items_failed FROM sync_logs WHERE sync_type = 'stock' ORDER BY id DESC LIMIT 1"));
        var error = await bed.Host.ScalarAsync<string>("SELECT error_message FROM sync_logs WHERE sync_type = 'stock' ORDER BY id DESC LIMIT 1");
        Assert.StartsWith("3 item(s) deferred to the next run", error);
        Assert.DoesNotContain("failed", error);
        Assert.Single(bed.Ozon.Received("POST", "/v2/products/stocks")); // the second run sent nothing
    }

    [Fact]
    public async Task Prices_go_in_each_marketplaces_format()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var a = await bed.AddProductAsync("PR-1", 150000, 3, salePrice: 120000);
        var b = await bed.AddProductAsync("PR-2", 99000.50m, 3);
        await bed.MapEverywhereAsync((a, 1), (b, 2));
        foreach (var slug in new[] { "uzum", "wildberries", "ozon" })
            Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync(slug, SyncTypes.Price)).Status);

        Assert.Equal((120000L, 150000L), bed.Uzum.Prices[9001]);
        Assert.Equal((99001L, 99001L), bed.Uzum.Prices[9002]);
        // OZON and WB sell in roubles at 150 so'm each: 150 000 so'm is 1 000 RUB, 99 000.50 so'm 660.00.
        Assert.Equal((1000L, 20), bed.Wb.Prices[100001]);
        Assert.Equal((660L, 0), bed.Wb.Prices[100002]);
        Assert.Equal(("800", "1000"), bed.Ozon.Prices["OFFER-1"]);
        Assert.Equal(("660", "0"), bed.Ozon.Prices["OFFER-2"]);
        Assert.Equal("RUB", bed.Ozon.PriceCurrencies["OFFER-1"]);
        Assert.Equal(0, Assert.Single(await bed.RunAsync("ozon", SyncTypes.Price)).Processed);
    }
}
