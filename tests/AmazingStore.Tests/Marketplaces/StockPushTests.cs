using AmazingStore.Web.Marketplaces.Sync;

namespace AmazingStore.Tests.Marketplaces;

public sealed class StockPushTests
{
    [Fact]
    public async Task Pushes_available_minus_buffer_under_each_marketplaces_key_and_nothing_when_unchanged()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        await bed.ConfigureAsync(safetyBuffer: 2);
        var a = await bed.AddProductAsync("SKU-A", 150000, stock: 10);
        var b = await bed.AddProductAsync("SKU-B", 99000, stock: 1); // 1 - 2 buffer -> 0, never negative
        await bed.Host.ScalarAsync<int>("UPDATE inventory SET reserved_quantity = 3 WHERE product_id = $1 RETURNING 1", a); // available 7
        await bed.MapEverywhereAsync((a, 1), (b, 2));

        foreach (var slug in new[] { "uzum", "wildberries", "ozon" })
            Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync(slug, SyncTypes.Stock)).Status);

        Assert.Equal(5, bed.Uzum.Stock["4780000000001"]);
        Assert.Equal(0, bed.Uzum.Stock["4780000000002"]);
        Assert.Equal(5, bed.Wb.Stock[700001]);
        Assert.Equal(0, bed.Wb.Stock[700002]);
        Assert.Equal(5, bed.Ozon.Stock[$"OFFER-1@{MarketplaceBed.OzonWarehouse}"]);
        Assert.Equal(0, bed.Ozon.Stock[$"OFFER-2@{MarketplaceBed.OzonWarehouse}"]);
        // Auth exactly as documented: Uzum and WB the raw token, OZON two headers.
        Assert.All(bed.Uzum.Requests, r => Assert.Equal(MarketplaceBed.UzumToken, r.Header("Authorization")));
        Assert.All(bed.Wb.Requests, r => Assert.Equal(MarketplaceBed.WbToken, r.Header("Authorization")));
        Assert.All(bed.Ozon.Requests, r => Assert.Equal(MarketplaceBed.OzonKey, r.Header("Api-Key")));
        Assert.Single(bed.Wb.Received("PUT", $"/api/v3/stocks/{MarketplaceBed.WbWarehouse}"));

        var before = bed.Uzum.Requests.Count + bed.Wb.Requests.Count + bed.Ozon.Requests.Count;
        foreach (var slug in new[] { "uzum", "wildberries", "ozon" })
            Assert.Equal(0, Assert.Single(await bed.RunAsync(slug, SyncTypes.Stock)).Processed);
        Assert.Equal(before, bed.Uzum.Requests.Count + bed.Wb.Requests.Count + bed.Ozon.Requests.Count);

        // A full push on demand sends everything again.
        Assert.Equal(2, Assert.Single(await bed.RunAsync("ozon", SyncTypes.Stock, full: true)).Processed);
    }

    [Fact]
    public async Task Sends_maximal_batches_1000_for_wb_100_for_ozon_and_uzum()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        await bed.Host.ScalarAsync<int>("""
            WITH p AS (INSERT INTO products (sku, name_uz, price) SELECT 'BULK-' || g, 'Bulk ' || g, 1000 FROM generate_series(1, 1050) g RETURNING id, sku)
            , i AS (INSERT INTO inventory (product_id, quantity) SELECT id, 4 FROM p)
            , u AS (INSERT INTO marketplace_products (product_id, marketplace_id, marketplace_product_id, marketplace_sku, barcode)
                    SELECT id, (SELECT id FROM marketplaces WHERE slug = 'uzum'), 'U' || id, 'S' || id, 'B' || id FROM p)
            , w AS (INSERT INTO marketplace_products (product_id, marketplace_id, marketplace_product_id, marketplace_sku)
                    SELECT id, (SELECT id FROM marketplaces WHERE slug = 'wildberries'), (200000 + id)::text, (800000 + id)::text FROM p)
            INSERT INTO marketplace_products (product_id, marketplace_id, marketplace_product_id, marketplace_sku)
                    SELECT id, (SELECT id FROM marketplaces WHERE slug = 'ozon'), (400000 + id)::text, 'O-' || id FROM p
            RETURNING 1
            """);
        foreach (var slug in new[] { "uzum", "wildberries", "ozon" })
            Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync(slug, SyncTypes.Stock)).Status);

        Assert.Equal([1000, 50], bed.Wb.StockBatchSizes.ToArray());
        Assert.Equal(11, bed.Ozon.Received("POST", "/v2/products/stocks").Count);
        Assert.Equal(11, bed.Uzum.Received("POST", "/v2/fbs/sku/stocks").Count);
        Assert.Equal(1050, bed.Wb.Stock.Count);
        Assert.Equal(1050, bed.Ozon.Stock.Count);
        Assert.Equal(1050, bed.Uzum.Stock.Count);
        Assert.All(bed.Wb.Stock.Values, v => Assert.Equal(4, v));
    }
}
