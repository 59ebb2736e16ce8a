using System.Net;
using AmazingStore.Data.Inventory;
using AmazingStore.Tests.Marketplaces;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;
using AmazingStore.Web.Marketplaces.Sync;

namespace AmazingStore.Tests.Returns;

/// <summary>delivered → returned through the order workflow, the units back into stock or written off, each through the ledger.</summary>
public sealed class ReturnTests
{
    /// <summary>An app order for <paramref name="quantity"/> units, walked to delivered through the admin API.</summary>
    private static async Task<int> DeliveredAsync(Infrastructure.StoreHost host, long customer, int product, int quantity)
    {
        await Shop.FillCartAsync(new Shopper(host, customer), (product, quantity));
        var id = (await Shop.PlaceAsync(host, customer)).Body.GetProperty("id").GetInt32();
        foreach (var s in new[] { "confirmed", "shipped", "delivered" })
            Assert.Equal(HttpStatusCode.OK, (await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Patch, $"/api/admin/orders/{id}", new { status = s })).Status);
        return id;
    }

    private static Task<(HttpStatusCode Status, System.Text.Json.JsonElement Body)> ReturnAsync(Infrastructure.StoreHost host, int id, object body) =>
        Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Patch, $"/api/admin/orders/{id}", body);

    private static Task<string?> MovementsAsync(Infrastructure.StoreHost host, int orderId) =>
        host.ScalarAsync<string>("""
            SELECT string_agg(movement_type || ' ' || quantity_change || '/' || reserved_change, ',' ORDER BY id)
            FROM inventory_movements WHERE reference_type = 'order' AND reference_id = $1
            """, orderId);

    [Fact]
    public async Task A_return_to_stock_puts_the_shipped_units_back_on_hand_with_a_return_movement()
    {
        await using var host = await Shop.StartAsync();
        var p = await Shop.ProductAsync(host, "RT-1", 50_000, 10);
        var id = await DeliveredAsync(host, 8301, p, 3);
        Assert.Equal(new StockFigures(p, 7, 0, 7), await Shop.FiguresAsync(host, p));
        var (_, before) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Get, $"/api/admin/orders/{id}");
        Assert.True(before.GetProperty("can_return").GetBoolean());

        var (status, order) = await ReturnAsync(host, id, new { status = "returned", restock = true });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("returned", order.GetProperty("status").GetString());
        Assert.False(order.GetProperty("can_return").GetBoolean());
        Assert.Equal(new StockFigures(p, 10, 0, 10), await Shop.FiguresAsync(host, p));
        Assert.Equal("reserve 0/3,ship -3/-3,return 3/0", await MovementsAsync(host, id));
        Assert.True(await host.ScalarAsync<bool>("SELECT returned_at IS NOT NULL FROM orders WHERE id = $1", id));
        // Marketplaces hear of it through the ledger's stock push; the customer is told through the outbox.
        Assert.True(await host.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE type = 'marketplace.stock_push' AND payload->'product_ids' @> to_jsonb($1)", p) >= 4);
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE type = 'telegram.customer_status' AND payload->>'status' = 'returned'"));
        await Shop.AssertReconcilesAsync(host);

        // Once returned, never again (and restock cannot be replayed).
        var (again, problem) = await ReturnAsync(host, id, new { status = "returned", restock = true });
        Assert.Equal((HttpStatusCode.Conflict, "invalid_transition"), (again, problem.GetProperty("code").GetString()));
        Assert.Equal(new StockFigures(p, 10, 0, 10), await Shop.FiguresAsync(host, p));
    }

    [Fact]
    public async Task A_write_off_records_the_return_and_takes_the_units_off_again_so_on_hand_is_unchanged()
    {
        await using var host = await Shop.StartAsync();
        var a = await Shop.ProductAsync(host, "WO-A", 10_000, 10);
        var b = await Shop.ProductAsync(host, "WO-B", 20_000, 4);
        await Shop.FillCartAsync(new Shopper(host, 8401), (a, 2), (b, 1));
        var id = (await Shop.PlaceAsync(host, 8401)).Body.GetProperty("id").GetInt32();
        foreach (var s in new[] { "confirmed", "shipped", "delivered" })
            await ReturnAsync(host, id, new { status = s });

        var (status, order) = await ReturnAsync(host, id, new { status = "returned", restock = false });

        Assert.Equal((HttpStatusCode.OK, "returned"), (status, order.GetProperty("status").GetString()));
        Assert.Equal(new StockFigures(a, 8, 0, 8), await Shop.FiguresAsync(host, a));
        Assert.Equal(new StockFigures(b, 3, 0, 3), await Shop.FiguresAsync(host, b));
        Assert.Equal("reserve 0/2,reserve 0/1,ship -2/-2,ship -1/-1,return 2/0,return 1/0,write_off -2/0,write_off -1/0", await MovementsAsync(host, id));
        Assert.Equal(3L, await host.ScalarAsync<long>("SELECT -sum(quantity_change) FROM inventory_movements WHERE movement_type = 'write_off'"));
        await Shop.AssertReconcilesAsync(host);
    }

    [Fact]
    public async Task A_return_is_refused_before_delivery_and_without_its_restock_decision_changing_nothing()
    {
        await using var host = await Shop.StartAsync();
        var p = await Shop.ProductAsync(host, "RF-1", 10_000, 5);
        await Shop.FillCartAsync(new Shopper(host, 8501), (p, 1));
        var id = (await Shop.PlaceAsync(host, 8501)).Body.GetProperty("id").GetInt32();
        await ReturnAsync(host, id, new { status = "confirmed" });
        await ReturnAsync(host, id, new { status = "shipped" });
        var movements = await MovementsAsync(host, id);

        var (early, problem) = await ReturnAsync(host, id, new { status = "returned", restock = true });
        Assert.Equal((HttpStatusCode.Conflict, "invalid_transition"), (early, problem.GetProperty("code").GetString()));
        await ReturnAsync(host, id, new { status = "delivered" });
        var (noChoice, p1) = await ReturnAsync(host, id, new { status = "returned" });
        Assert.Equal((HttpStatusCode.BadRequest, true), (noChoice, p1.GetProperty("errors").TryGetProperty("restock", out _)));
        var (stray, p2) = await ReturnAsync(host, id, new { status = "cancelled", restock = true });
        Assert.Equal((HttpStatusCode.BadRequest, true), (stray, p2.GetProperty("errors").TryGetProperty("restock", out _)));

        Assert.Equal("delivered", await host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", id));
        Assert.Equal(movements, await MovementsAsync(host, id));
        Assert.Equal(new StockFigures(p, 4, 0, 4), await Shop.FiguresAsync(host, p));
        // The admin list filters on the new status.
        Assert.Equal(HttpStatusCode.OK, (await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Get, "/api/admin/orders?status=returned")).Status);
    }

    [Fact]
    public async Task A_restocked_return_reaches_every_marketplace_with_the_new_amount()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("RMP-1", 100_000, 10);
        await bed.MapEverywhereAsync((p, 1));
        var host = bed.Host;
        var shopper = new Shopper(host, 8601);
        await shopper.JsonAsync(HttpMethod.Post, "/api/cart", new { product_id = p, quantity = 4 });
        var id = (await shopper.JsonAsync(HttpMethod.Post, "/api/orders", Shop.Checkout)).GetProperty("id").GetInt32();
        foreach (var s in new[] { "confirmed", "shipped", "delivered" })
            Assert.True((await bed.SendAsync(HttpMethod.Patch, $"/api/admin/orders/{id}", new { status = s })).Status == HttpStatusCode.OK);
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(bed.Uzum.Stock.GetValueOrDefault("4780000000001", -1) == 6), TimeSpan.FromSeconds(20), "Uzum told 6 after shipping");

        var (status, body) = await bed.SendAsync(HttpMethod.Patch, $"/api/admin/orders/{id}", new { status = "returned", restock = true });

        Assert.True(status == HttpStatusCode.OK, body);
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(
            bed.Uzum.Stock.GetValueOrDefault("4780000000001") == 10 && bed.Wb.Stock.GetValueOrDefault(700001) == 10
            && bed.Ozon.Stock.GetValueOrDefault($"OFFER-1@{MarketplaceBed.OzonWarehouse}") == 10), TimeSpan.FromSeconds(20), "every marketplace told 10");
    }

    [Fact]
    public async Task A_marketplace_return_after_shipping_returns_our_order_into_stock_and_tells_the_owner()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("UZR-1", 150_000, 10);
        await bed.MapEverywhereAsync((p, 1));
        bed.Uzum.AddOrder(3101, "PENDING_DELIVERY", (5001, "UZR-1", 2, 150_000));
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("uzum", SyncTypes.Orders)).Status);
        var id = await bed.Host.ScalarAsync<int>("SELECT id FROM orders WHERE marketplace_order_id = '3101'");
        Assert.Equal("shipped", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", id));
        Assert.Equal(8, await bed.Host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", p));

        bed.Uzum.SetStatus(3101, "RETURNED");
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("uzum", SyncTypes.Orders)).Status);

        Assert.Equal("returned", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", id));
        Assert.Equal((10, 0), (await bed.Host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", p),
            await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p)));
        Assert.Equal(2, await bed.Host.ScalarAsync<int>(
            "SELECT quantity_change FROM inventory_movements WHERE movement_type = 'return' AND reference_type = 'order' AND reference_id = $1", id));
        Assert.Equal("marketplace|returned", await bed.Host.ScalarAsync<string>(
            "SELECT payload->>'by' || '|' || (payload->>'status') FROM outbox_messages WHERE type = 'telegram.owner_cancelled'"));
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(bed.Uzum.Stock.GetValueOrDefault("4780000000001") == 10),
            TimeSpan.FromSeconds(20), "Uzum told the restocked 10");

        // Polled again: nothing moves twice.
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("uzum", SyncTypes.Orders)).Status);
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM inventory_movements WHERE movement_type = 'return'"));

        // A cancellation before shipping is an ordinary cancellation (reservation released), and the owner hears of it too.
        bed.Uzum.AddOrder(3102, "CREATED", (5001, "UZR-1", 1, 150_000));
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("uzum", SyncTypes.Orders)).Status);
        var second = await bed.Host.ScalarAsync<int>("SELECT id FROM orders WHERE marketplace_order_id = '3102'");
        bed.Uzum.SetStatus(3102, "CANCELED");
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("uzum", SyncTypes.Orders)).Status);
        Assert.Equal("cancelled", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", second));
        Assert.Equal((10, 0), (await bed.Host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", p),
            await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p)));
        Assert.Equal("marketplace|cancelled", await bed.Host.ScalarAsync<string>(
            "SELECT payload->>'by' || '|' || (payload->>'status') FROM outbox_messages WHERE type = 'telegram.owner_cancelled' AND (payload->>'order_id')::int = $1", second));
    }
}
