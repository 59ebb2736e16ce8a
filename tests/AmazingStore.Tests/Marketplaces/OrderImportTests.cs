using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Web.Marketplaces.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Tests.Marketplaces;

public sealed class OrderImportTests
{
    [Fact]
    public async Task Imports_each_marketplaces_orders_once_reserves_stock_notifies_the_owner_and_follows_cancellations()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("ORD-1", 150000, 10);
        await bed.MapEverywhereAsync((p, 1));
        bed.Uzum.AddOrder(1001, "CREATED", (5001, "ORD-1", 2, 150000));
        // 100.00 RUB a unit (WB's minor units), at the bed's 150 so'm per rouble.
        bed.Wb.AddOrder("165918930_uid", 50001, chrtId: 700001, nmId: 100001, units: 3, priceMinor: 10_000);
        bed.Ozon.AddPosting("23713478-0018-3", "awaiting_packaging", "OFFER-1", 1, "150000");
        bed.Ozon.AddPosting("23713478-0019-1", "awaiting_packaging", "OFFER-UNKNOWN", 1, "5000");

        for (var poll = 0; poll < 3; poll++)
            foreach (var slug in new[] { "uzum", "wildberries", "ozon" })
                Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync(slug, SyncTypes.Orders)).Status);

        Assert.Equal(4L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(2, await bed.Host.ScalarAsync<int>("SELECT i.quantity FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.source = 'uzum' AND o.marketplace_order_id = '1001'"));
        // WB: three tasks sharing one orderUid are one order of 3 units, priced in so'm (÷100, × the rouble rate).
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders WHERE source = 'wildberries'"));
        Assert.Equal(3, await bed.Host.ScalarAsync<int>("SELECT i.quantity FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.marketplace_order_id = '165918930_uid'"));
        Assert.Equal(15000m, await bed.Host.ScalarAsync<decimal>("SELECT i.price FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.marketplace_order_id = '165918930_uid'"));
        Assert.Equal(6, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));
        // An unmapped SKU is kept and flagged, not dropped.
        Assert.True(await bed.Host.ScalarAsync<bool>("SELECT needs_attention FROM orders WHERE marketplace_order_id = '23713478-0019-1'"));
        Assert.Equal("OFFER-UNKNOWN", await bed.Host.ScalarAsync<string>("SELECT i.external_sku FROM orders o JOIN order_items i ON i.order_id = o.id WHERE o.marketplace_order_id = '23713478-0019-1'"));
        Assert.Equal(4L, await bed.Host.ScalarAsync<long>($"SELECT count(*) FROM outbox_messages WHERE type = 'telegram.owner_order'"));
        // Uzum's seconds trap was respected.
        Assert.Equal(0, bed.Uzum.SecondsViolations);

        // Statuses only move forward; a marketplace cancellation releases the stock.
        bed.Uzum.SetStatus(1001, "PACKING");
        bed.Wb.CancelOrder("165918930_uid");
        foreach (var slug in new[] { "uzum", "wildberries" }) await bed.RunAsync(slug, SyncTypes.Orders);
        Assert.Equal("confirmed", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = '1001'"));
        Assert.Equal("cancelled", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = '165918930_uid'"));
        Assert.Equal(3, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));
        bed.Uzum.SetStatus(1001, "CREATED"); // a stale reply never moves it back
        await bed.RunAsync("uzum", SyncTypes.Orders);
        Assert.Equal("confirmed", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = '1001'"));
    }

    [Fact]
    public async Task An_app_order_for_a_mapped_product_reaches_all_three_marketplaces_within_seconds()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("APP-1", 50000, 5);
        await bed.MapEverywhereAsync((p, 1));
        foreach (var slug in new[] { "uzum", "wildberries", "ozon" }) await bed.RunAsync(slug, SyncTypes.Stock);
        Assert.Equal(5, bed.Wb.Stock[700001]);

        await PlaceAppOrderAsync(bed, p, 2);

        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(
            bed.Uzum.Stock["4780000000001"] == 3 && bed.Wb.Stock[700001] == 3 && bed.Ozon.Stock[$"OFFER-1@{MarketplaceBed.OzonWarehouse}"] == 3),
            TimeSpan.FromSeconds(30), "the stock push after an app order");
    }

    [Fact]
    public async Task The_last_unit_sold_in_the_app_and_on_wb_at_once_one_wins_the_other_is_flagged_and_everyone_is_told_zero()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("LAST-1", 70000, 1);
        await bed.MapEverywhereAsync((p, 1));
        foreach (var slug in new[] { "uzum", "wildberries", "ozon" }) await bed.RunAsync(slug, SyncTypes.Stock);
        bed.Wb.AddOrder("race_uid", 90001, chrtId: 700001, nmId: 100001, units: 1, priceMinor: 7_000_000);

        var app = PlaceAppOrderAsync(bed, p, 1);
        var wb = bed.RunAsync("wildberries", SyncTypes.Orders);
        await Task.WhenAll(app, wb);

        var appWon = (await app) is PlaceResult.Placed;
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders WHERE marketplace_order_id = 'race_uid'"));
        var wbFlagged = await bed.Host.ScalarAsync<bool>("SELECT needs_attention FROM orders WHERE marketplace_order_id = 'race_uid'");
        Assert.Equal(appWon, wbFlagged); // exactly one of them holds the unit
        Assert.Equal(1, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));
        Assert.Equal(1, await bed.Host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", p));

        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(
            bed.Uzum.Stock["4780000000001"] == 0 && bed.Wb.Stock[700001] == 0 && bed.Ozon.Stock[$"OFFER-1@{MarketplaceBed.OzonWarehouse}"] == 0),
            TimeSpan.FromSeconds(30), "every marketplace told 0");
    }

    internal static async Task<PlaceResult> PlaceAppOrderAsync(MarketplaceBed bed, int productId, int quantity)
    {
        await using var scope = bed.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        return await OrderWorkflow.PlaceAsync(db, new NewOrder(OrderSources.App, "amazing-store",
            [new NewOrderLine(productId, quantity)], "Ali Valiyev", "+998901234567"), CancellationToken.None);
    }
}
