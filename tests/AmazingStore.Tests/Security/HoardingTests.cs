using System.Net;
using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Tests.Security;

/// <summary>Issue 17 item 5: one customer cannot take the whole stock (caps on units and open orders, a tighter order rate).</summary>
public sealed class HoardingTests
{
    private static Task<StoreHost> StartAsync(params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:AdminIds:0"] = Shop.AdminTelegramId.ToString(),
            ["RateLimits:Enabled"] = "false",
        };
        foreach (var (k, v) in extra) settings[k] = v;
        return StoreHost.StartAsync(settings);
    }

    [Fact]
    public async Task An_order_above_the_unit_cap_is_409_order_limit_and_reserves_nothing_while_one_at_the_cap_is_placed()
    {
        await using var host = await StartAsync();
        var product = await Shop.ProductAsync(host, "HOARD-1", 10_000, 48);
        var shopper = new Shopper(host, 17_501);
        await Shop.FillCartAsync(shopper, (product, 21)); // the default cap is 20 units

        var (status, body) = await Shop.PlaceAsync(host, 17_501);
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Equal("order_limit", body.GetProperty("code").GetString());
        Assert.Equal(OrderLimits.Units, body.GetProperty("limit").GetString());
        Assert.Equal(20, body.GetProperty("max").GetInt32());
        // Nothing reserved, nothing written, nothing for the marketplaces; the cart is kept to be fixed.
        var figures = await Shop.FiguresAsync(host, product);
        Assert.Equal((48, 0), (figures.Quantity, figures.Reserved));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(21, await host.ScalarAsync<int>("SELECT quantity FROM cart_items"));

        await Shop.FillCartAsync(shopper, (product, 20));
        var (placed, order) = await Shop.PlaceAsync(host, 17_501);
        Assert.Equal(HttpStatusCode.Created, placed);
        Assert.Equal(20, order.GetProperty("items")[0].GetProperty("quantity").GetInt32());
        Assert.Equal(20, (await Shop.FiguresAsync(host, product)).Reserved);
        await Shop.AssertReconcilesAsync(host);
    }

    [Fact]
    public async Task Open_orders_per_customer_are_capped_until_one_is_confirmed_or_cancelled_and_other_customers_are_not_affected()
    {
        await using var host = await StartAsync(("Orders:MaxOpenOrdersPerCustomer", "2"), ("Orders:MaxUnitsPerOrder", "5"));
        var product = await Shop.ProductAsync(host, "HOARD-2", 5_000, 100);
        const long buyer = 17_601, other = 17_602;
        var ids = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            await Shop.FillCartAsync(new Shopper(host, buyer), (product, 1));
            var (s, o) = await Shop.PlaceAsync(host, buyer);
            Assert.Equal(HttpStatusCode.Created, s);
            ids.Add(o.GetProperty("id").GetInt32());
        }
        await Shop.FillCartAsync(new Shopper(host, buyer), (product, 1));
        var (third, problem) = await Shop.PlaceAsync(host, buyer);
        Assert.Equal(HttpStatusCode.Conflict, third);
        Assert.Equal("order_limit", problem.GetProperty("code").GetString());
        Assert.Equal(OrderLimits.OpenOrders, problem.GetProperty("limit").GetString());
        Assert.Equal(2, (await Shop.FiguresAsync(host, product)).Reserved);

        // The configured unit cap (5) applies too, and another customer has room of their own.
        await Shop.FillCartAsync(new Shopper(host, other), (product, 6));
        var (overUnits, unitsProblem) = await Shop.PlaceAsync(host, other);
        Assert.Equal(HttpStatusCode.Conflict, overUnits);
        Assert.Equal(5, unitsProblem.GetProperty("max").GetInt32());
        await Shop.FillCartAsync(new Shopper(host, other), (product, 5));
        Assert.Equal(HttpStatusCode.Created, (await Shop.PlaceAsync(host, other)).Status);

        // A confirmed order is no longer open: there is room again. Then a cancelled one frees a place too.
        var (moved, _) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Patch, $"/api/admin/orders/{ids[0]}", new { status = "confirmed" });
        Assert.Equal(HttpStatusCode.OK, moved);
        Assert.Equal(HttpStatusCode.Created, (await Shop.PlaceAsync(host, buyer)).Status);
        await Shop.FillCartAsync(new Shopper(host, buyer), (product, 1));
        Assert.Equal(HttpStatusCode.Conflict, (await Shop.PlaceAsync(host, buyer)).Status);
        Assert.Equal(HttpStatusCode.OK, (await Shop.AsAsync(host, buyer, HttpMethod.Post, $"/api/orders/{ids[1]}/cancel")).Status);
        Assert.Equal(HttpStatusCode.Created, (await Shop.PlaceAsync(host, buyer)).Status);
        await Shop.AssertReconcilesAsync(host);
    }

    [Fact]
    public async Task Any_caller_of_the_workflow_meets_the_caps_for_a_customer_even_when_placing_at_once_while_imports_are_not_capped()
    {
        await using var host = await StartAsync();
        var product = await Shop.ProductAsync(host, "HOARD-3", 1_000, 200);
        var user = await host.ScalarAsync<int>("INSERT INTO users (telegram_id, first_name) VALUES (17701, 'Bot') RETURNING id");

        async Task<PlaceResult> PlaceAsync(NewOrder order)
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await OrderWorkflow.PlaceAsync(scope.ServiceProvider.GetRequiredService<StoreDb>(), order, CancellationToken.None);
        }
        NewOrder ForUser(int quantity) => new(OrderSources.App, "amazing-store", [new NewOrderLine(product, quantity)], "Ali", "+998901234567", UserId: user);

        // Defaults (no Limits given): 20 units, 3 open orders.
        var over = Assert.IsType<PlaceResult.OverLimit>(await PlaceAsync(ForUser(21)));
        Assert.Equal((OrderLimits.Units, 20), (over.Limit, over.Max));
        // Eight at once for one customer: the per-user lock lets exactly three through.
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => PlaceAsync(ForUser(1)))).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(3, results.Count(r => r is PlaceResult.Placed));
        Assert.All(results.Where(r => r is not PlaceResult.Placed), r => Assert.Equal(OrderLimits.OpenOrders, Assert.IsType<PlaceResult.OverLimit>(r).Limit));
        Assert.Equal(3, (await Shop.FiguresAsync(host, product)).Reserved);

        // An order that names no customer (a marketplace import, an admin's phone order) is not capped.
        var import = new NewOrder(OrderSources.Uzum, "uzum", [new NewOrderLine(product, 30)], "Uzum", "+998901234567", MarketplaceOrderId: "UZ-HOARD-1");
        Assert.IsType<PlaceResult.Placed>(await PlaceAsync(import));
        Assert.Equal(33, (await Shop.FiguresAsync(host, product)).Reserved);
        await Shop.AssertReconcilesAsync(host);
    }

    [Fact]
    public async Task Placing_orders_has_a_tighter_rate_limit_of_its_own_per_user()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimits:Orders:PermitLimit"] = "2", ["RateLimits:Orders:WindowSeconds"] = "60",
        });
        var product = await Shop.ProductAsync(host, "HOARD-4", 1_000, 100);
        var buyer = new Shopper(host, 17_801);
        for (var i = 0; i < 2; i++)
        {
            await Shop.FillCartAsync(buyer, (product, 1));
            Assert.Equal(HttpStatusCode.Created, (await Shop.PlaceAsync(host, 17_801)).Status);
        }
        await Shop.FillCartAsync(buyer, (product, 1));
        using (var limited = await host.Client.SendAsync(InitData.Request(HttpMethod.Post, "/api/orders", InitData.For(17_801), Shop.Checkout)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal("rate_limited", await Replies.ProblemCodeAsync(limited));
            Assert.InRange(int.Parse(limited.Headers.GetValues("Retry-After").Single()), 1, 60);
        }
        Assert.Equal(2L, await host.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(1, await host.ScalarAsync<int>("SELECT quantity FROM cart_items")); // kept
        // The general write window is not used up by orders, and another customer orders freely.
        using (var cart = await buyer.SendAsync(HttpMethod.Post, "/api/cart", new { product_id = product, quantity = 2 }))
            Assert.Equal(HttpStatusCode.OK, cart.StatusCode);
        await Shop.FillCartAsync(new Shopper(host, 17_802), (product, 1));
        Assert.Equal(HttpStatusCode.Created, (await Shop.PlaceAsync(host, 17_802)).Status);
    }
}
