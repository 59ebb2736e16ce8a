using AmazingStore.Data.Orders;
using AmazingStore.Web.Marketplaces.Sync;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>When a marketplace refuses some items of an outbox push, the row waits OZON's 30 s only for OZON's per-item cooldown.</summary>
public sealed class PushRetryTests
{
    private const string StockRows = "FROM outbox_messages WHERE type = 'marketplace.stock_push'";

    [Fact]
    public async Task Items_refused_by_wb_or_uzum_are_recorded_without_a_30s_wait_and_an_ozon_item_cooldown_waits_30s()
    {
        await using var bed = await MarketplaceBed.StartAsync(new Dictionary<string, string?> { ["Marketplaces:OzonItemCooldown"] = "00:00:30" });
        var good = await bed.AddProductAsync("PART-1", 1000, 10);
        var bad = await bed.AddProductAsync("PART-2", 1000, 10);
        await bed.MapEverywhereAsync((good, 1));
        // Uzum updates stock by barcode and this mapping has none; WB does not know this chrtId, which
        // sits at a warehouse of its own, so WB answers its request alone and the good item goes through.
        await bed.PutAsync("/api/admin/marketplaces/uzum/products", new[] { new { product_id = bad, marketplace_product_id = "5002", marketplace_sku = "9002" } });
        await bed.PutAsync("/api/admin/marketplaces/wildberries/products", new[] { new { product_id = bad, marketplace_product_id = "100002", marketplace_sku = "700002", warehouse_id = "658435" } });
        bed.Wb.Unknown[700002] = true;

        Assert.IsType<PlaceResult.Placed>(await OrderImportTests.PlaceAppOrderAsync(bed, good, 1));
        await WaitForAttemptsAsync(bed, "the first stock push");

        Assert.Equal(("done", 1, ""), await RowAsync(bed, first: true));
        var uzumPosts = bed.Uzum.Received("POST", "/v2/fbs/sku/stocks");
        Assert.Contains("4780000000001", Assert.Single(uzumPosts).Body);
        Assert.Equal(9, bed.Uzum.Stock["4780000000001"]);
        Assert.Single(bed.Wb.Received("PUT", $"/api/v3/stocks/{MarketplaceBed.WbWarehouse}"));
        Assert.Contains("700002", Assert.Single(bed.Wb.Received("PUT", "/api/v3/stocks/658435")).Body);
        Assert.Equal(9, bed.Wb.Stock[700001]);
        Assert.False(bed.Wb.Stock.ContainsKey(700002));
        Assert.Equal(9, bed.Ozon.Stock[$"OFFER-1@{MarketplaceBed.OzonWarehouse}"]);
        Assert.Equal("uzum partial, wildberries partial", await bed.Host.ScalarAsync<string>("""
            SELECT string_agg(m.slug || ' ' || l.status, ', ' ORDER BY m.slug) FROM sync_logs l JOIN marketplaces m ON m.id = l.marketplace_id
             WHERE l.trigger_type = 'outbox' AND l.status <> 'success'
            """));
        Assert.Equal("uzum no barcode: Uzum updates stock by barcode | wildberries HTTP 409 NotFound: Not found", await bed.Host.ScalarAsync<string>("""
            SELECT string_agg(m.slug || ' ' || p.sync_error, ' | ' ORDER BY m.slug) FROM marketplace_products p JOIN marketplaces m ON m.id = p.marketplace_id
             WHERE p.product_id = $1 AND p.sync_status = 'error'
            """, bad));

        // OZON refuses a pair changed again within 30 s: that row waits the 30 s.
        var cool = await bed.AddProductAsync("COOL-3", 1000, 10);
        await bed.PutAsync("/api/admin/marketplaces/ozon/products", new[] { new { product_id = cool, marketplace_product_id = "300003", marketplace_sku = "OFFER-3" } });
        bed.Ozon.FailOnce["OFFER-3"] = true;
        Assert.IsType<PlaceResult.Placed>(await OrderImportTests.PlaceAppOrderAsync(bed, cool, 1));
        await WaitForAttemptsAsync(bed, "the second stock push");

        Assert.Equal(("pending", 1, "per-item cooldown: ozon 1 item(s)"), await RowAsync(bed, first: false));
        var wait = await bed.Host.ScalarAsync<double>($"SELECT EXTRACT(EPOCH FROM next_attempt_at - now())::float8 {StockRows} ORDER BY id DESC LIMIT 1");
        Assert.InRange(wait, 20, 30);
        var ozonPosts = bed.Ozon.Received("POST", "/v2/products/stocks");
        Assert.Equal(2, ozonPosts.Count);
        Assert.Contains("OFFER-3", ozonPosts[1].Body);
        Assert.DoesNotContain("OFFER-1", ozonPosts[1].Body);
        Assert.False(bed.Ozon.Stock.ContainsKey($"OFFER-3@{MarketplaceBed.OzonWarehouse}"));
        // The refused WB item went along once more, and was not retried on the outbox's backoff either.
        Assert.Equal(2, bed.Wb.Received("PUT", "/api/v3/stocks/658435").Count);
    }

    [Fact]
    public async Task Wb_still_processing_after_every_retry_fails_the_run_as_a_whole_so_the_outbox_retries_it()
    {
        await using var bed = await MarketplaceBed.StartAsync(new Dictionary<string, string?> { ["Marketplaces:MaxRetries"] = "2" });
        var p = await bed.AddProductAsync("BUSY-1", 1000, 4);
        await bed.MapEverywhereAsync((p, 1));
        for (var i = 0; i < 3; i++) bed.Wb.Script.Enqueue(new FakeReply(409, """[{"code":"StoreIsProcessing","message":"The store is processing"}]"""));

        var outcome = Assert.Single(await bed.RunAsync("wildberries", SyncTypes.Stock));

        // A busy store is not a refusal of the items: the outbox handler sees a failed run and retries it.
        Assert.True(outcome.RunFailed);
        Assert.Contains("StoreIsProcessing", outcome.Error);
        Assert.Equal(3, bed.Wb.Received("PUT", "/api/v3/stocks/").Count);
        Assert.Empty(bed.Wb.Stock);
    }

    /// <summary>Until every stock push row has had its attempt and none is running.</summary>
    private static Task WaitForAttemptsAsync(MarketplaceBed bed, string what) =>
        MarketplaceBed.WaitUntilAsync(async () => await bed.Host.ScalarAsync<long>(
            $"SELECT count(*) {StockRows} AND (status = 'processing' OR (status = 'pending' AND attempts = 0))") == 0
            && await bed.Host.ScalarAsync<long>($"SELECT count(*) {StockRows}") > 0, TimeSpan.FromSeconds(20), what);

    private static async Task<(string, int, string)> RowAsync(MarketplaceBed bed, bool first)
    {
        await using var cmd = bed.Host.Db.CreateCommand(
            $"SELECT status, attempts, coalesce(last_error, '') {StockRows} ORDER BY id {(first ? "" : "DESC")} LIMIT 1");
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        return (r.GetString(0), r.GetInt32(1), r.GetString(2));
    }
}
