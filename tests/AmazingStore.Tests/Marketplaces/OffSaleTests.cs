using System.Net;
using AmazingStore.Web.Marketplaces.Sync;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>A product taken off sale, by whichever path, is taken off every marketplace within a minute.</summary>
public sealed class OffSaleTests
{
    [Fact]
    public async Task A_mapped_product_deactivated_through_the_api_or_deleted_in_sql_is_pushed_as_zero_everywhere_with_no_run_pending()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var viaApi = await bed.AddProductAsync("OFF-1", 1000, 5);
        var viaSql = await bed.AddProductAsync("OFF-2", 1000, 7);
        var kept = await bed.AddProductAsync("OFF-3", 1000, 9);
        await bed.MapEverywhereAsync((viaApi, 1), (viaSql, 2), (kept, 3));
        foreach (var slug in new[] { "uzum", "wildberries", "ozon" }) await bed.RunAsync(slug, SyncTypes.Stock);
        Assert.Equal((5, 7, 9), (bed.Wb.Stock[700001], bed.Wb.Stock[700002], bed.Wb.Stock[700003]));
        // Nothing is queued and no schedule fires within the test (the interval unit is an hour):
        // only the deactivation itself can make the marketplaces hear of it.
        Assert.Equal(0L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE type = 'marketplace.stock_push'"));

        var (status, _) = await bed.SendAsync(HttpMethod.Delete, $"/api/admin/products/{viaApi}");
        Assert.Equal(HttpStatusCode.NoContent, status);
        // A plain SQL delete of a mapped product takes it off sale instead of cascading its mappings away.
        await bed.Host.ScalarAsync<int>("DELETE FROM products WHERE id = $1", viaSql);
        Assert.False(await bed.Host.ScalarAsync<bool>("SELECT is_active FROM products WHERE id = $1", viaSql));
        Assert.Equal(3L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM marketplace_products WHERE product_id = $1", viaSql));

        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(
                bed.Uzum.Stock["4780000000001"] == 0 && bed.Wb.Stock[700001] == 0 && bed.Ozon.Stock[$"OFFER-1@{MarketplaceBed.OzonWarehouse}"] == 0
                && bed.Uzum.Stock["4780000000002"] == 0 && bed.Wb.Stock[700002] == 0 && bed.Ozon.Stock[$"OFFER-2@{MarketplaceBed.OzonWarehouse}"] == 0),
            TimeSpan.FromSeconds(60), "every marketplace to hear 0 for the products taken off sale");
        // The product still on sale was not touched, and the stock on hand is unchanged (only its sale stopped).
        Assert.Equal(9, bed.Wb.Stock[700003]);
        Assert.Equal(5, await bed.Host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", viaApi));

        // Back on sale: its stock goes back out the same way.
        await bed.Host.ScalarAsync<int>("UPDATE products SET is_active = true WHERE id = $1", viaApi);
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(bed.Wb.Stock[700001] == 5 && bed.Uzum.Stock["4780000000001"] == 5),
            TimeSpan.FromSeconds(60), "the product back on sale to be pushed again");
    }

    [Fact]
    public async Task Deleting_an_unmapped_product_still_deletes_it()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var lone = await bed.AddProductAsync("LONE-1", 1000, 1);
        await bed.Host.ScalarAsync<int>("DELETE FROM inventory WHERE product_id = $1", lone);
        await bed.Host.ScalarAsync<int>("DELETE FROM products WHERE id = $1", lone);
        Assert.Equal(0L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM products WHERE id = $1", lone));
        Assert.Equal(0L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE type = 'marketplace.stock_push'"));
    }
}
