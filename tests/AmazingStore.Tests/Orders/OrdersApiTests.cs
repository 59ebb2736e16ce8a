using System.Net;
using AmazingStore.Data.Inventory;
using AmazingStore.Tests.StoreApi;

namespace AmazingStore.Tests.Orders;

public sealed class OrdersApiTests
{
    [Fact]
    public async Task Checkout_makes_an_order_from_the_whole_cart_empties_it_and_only_its_owner_sees_or_cancels_it()
    {
        await using var host = await Shop.StartAsync();
        var a = await Shop.ProductAsync(host, "O-A", 100_000, 10, salePrice: 90_000);
        var b = await Shop.ProductAsync(host, "O-B", 5_000.50m, 10);
        var shopper = new Shopper(host, 3001);
        await Shop.FillCartAsync(shopper, (a, 2), (b, 1));

        var (status, order) = await Shop.PlaceAsync(host, 3001);

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Matches(@"^AS-\d{6}-0001$", order.GetProperty("order_number").GetString());
        Assert.Equal(("app", "pending", "unpaid"), (order.GetProperty("source").GetString(), order.GetProperty("status").GetString(), order.GetProperty("payment_status").GetString()));
        Assert.Equal(("Aziz", "+998901234567", "Toshkent, Chilonzor 1"), (order.GetProperty("customer_name").GetString(),
            order.GetProperty("customer_phone").GetString(), order.GetProperty("delivery_address").GetString()));
        Assert.Equal(185_000.50m, order.GetProperty("subtotal").GetDecimal());
        Assert.Equal(185_000.50m, order.GetProperty("total").GetDecimal());
        var item = order.GetProperty("items")[0];
        Assert.Equal((a, "Mahsulot O-A", "O-A", 90_000m, 2, 180_000m), (item.GetProperty("product_id").GetInt32(),
            item.GetProperty("product_name").GetString(), item.GetProperty("product_sku").GetString(), item.GetProperty("price").GetDecimal(),
            item.GetProperty("quantity").GetInt32(), item.GetProperty("subtotal").GetDecimal()));
        Assert.EndsWith("Z", order.GetProperty("created_at").GetString());
        Assert.Empty((await shopper.JsonAsync(HttpMethod.Get, "/api/cart")).GetProperty("items").EnumerateArray());
        Assert.Equal(new StockFigures(a, 10, 2, 8), await Shop.FiguresAsync(host, a));

        var id = order.GetProperty("id").GetInt32();
        var mine = await shopper.JsonAsync(HttpMethod.Get, "/api/orders");
        Assert.Equal(id, Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt32());
        // The checkout's reply is built from what was written, not read back: it must be what the database holds.
        Assert.Equal(order.GetRawText(), (await shopper.JsonAsync(HttpMethod.Get, $"/api/orders/{id}")).GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, (await Shop.AsAsync(host, 3002, HttpMethod.Get, $"/api/orders/{id}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Shop.AsAsync(host, 3002, HttpMethod.Post, $"/api/orders/{id}/cancel")).Status);
        Assert.Empty((await Shop.AsAsync(host, 3002, HttpMethod.Get, "/api/orders")).Body.GetProperty("items").EnumerateArray());

        var (cancelStatus, cancelled) = await Shop.AsAsync(host, 3001, HttpMethod.Post, $"/api/orders/{id}/cancel");
        Assert.Equal(HttpStatusCode.OK, cancelStatus);
        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Equal(new StockFigures(a, 10, 0, 10), await Shop.FiguresAsync(host, a));
        var (again, problem) = await Shop.AsAsync(host, 3001, HttpMethod.Post, $"/api/orders/{id}/cancel");
        Assert.Equal((HttpStatusCode.Conflict, "invalid_transition"), (again, problem.GetProperty("code").GetString()));
        await Shop.AssertReconcilesAsync(host);
    }

    [Fact]
    public async Task Cancel_after_confirmation_by_the_shop_is_refused_once_shipped()
    {
        await using var host = await Shop.StartAsync();
        var a = await Shop.ProductAsync(host, "C-A", 1000, 5);
        await Shop.FillCartAsync(new Shopper(host, 3101), (a, 1));
        var id = (await Shop.PlaceAsync(host, 3101)).Body.GetProperty("id").GetInt32();
        foreach (var s in new[] { "confirmed", "shipped" })
            Assert.Equal(HttpStatusCode.OK, (await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Patch, $"/api/admin/orders/{id}", new { status = s })).Status);

        var (status, body) = await Shop.AsAsync(host, 3101, HttpMethod.Post, $"/api/orders/{id}/cancel");

        Assert.Equal((HttpStatusCode.Conflict, "invalid_transition"), (status, body.GetProperty("code").GetString()));
        Assert.Equal(new StockFigures(a, 4, 0, 4), await Shop.FiguresAsync(host, a));
    }

    [Fact]
    public async Task An_empty_cart_is_400_and_a_short_cart_is_409_naming_each_short_line_with_nothing_changed()
    {
        await using var host = await Shop.StartAsync();
        var a = await Shop.ProductAsync(host, "S-A", 1000, 5);
        var b = await Shop.ProductAsync(host, "S-B", 1000, 3);
        var (empty, emptyBody) = await Shop.PlaceAsync(host, 3201);
        Assert.Equal((HttpStatusCode.BadRequest, "empty_cart"), (empty, emptyBody.GetProperty("code").GetString()));

        var shopper = new Shopper(host, 3202);
        await Shop.FillCartAsync(shopper, (a, 2), (b, 3));
        await host.ScalarAsync<int?>("UPDATE inventory SET quantity = 1 WHERE product_id = $1 RETURNING 1", b); // sold elsewhere meanwhile
        var (status, body) = await Shop.PlaceAsync(host, 3202, key: "k-short");

        Assert.Equal((HttpStatusCode.Conflict, "out_of_stock"), (status, body.GetProperty("code").GetString()));
        var line = Assert.Single(body.GetProperty("items").EnumerateArray());
        Assert.Equal((b, "Mahsulot S-B", 3, 1), (line.GetProperty("product_id").GetInt32(), line.GetProperty("name").GetString(),
            line.GetProperty("requested").GetInt32(), line.GetProperty("available").GetInt32()));
        Assert.Equal(2, (await shopper.JsonAsync(HttpMethod.Get, "/api/cart")).GetProperty("items").GetArrayLength());
        Assert.Equal(new StockFigures(a, 5, 0, 5), await Shop.FiguresAsync(host, a));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM idempotency_keys"));
    }

    [Fact]
    public async Task Two_hundred_concurrent_buyers_of_twenty_units_get_exactly_twenty_orders()
    {
        await using var host = await Shop.StartAsync();
        var p = await Shop.ProductAsync(host, "HOT", 1000, 20);
        var buyers = Enumerable.Range(0, 200).Select(i => 10_000L + i).ToArray();
        await Parallel.ForEachAsync(buyers, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (b, _) => await Shop.FillCartAsync(new Shopper(host, b), (p, 1)));

        var results = await Task.WhenAll(buyers.Select(b => Shop.PlaceAsync(host, b))).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(20, results.Count(r => r.Status == HttpStatusCode.Created));
        Assert.Equal(180, results.Count(r => r.Status == HttpStatusCode.Conflict && r.Body.GetProperty("code").GetString() == "out_of_stock"));
        Assert.Equal(new StockFigures(p, 20, 20, 0), await Shop.FiguresAsync(host, p));
        Assert.Equal(20L, await host.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(180L, await host.ScalarAsync<long>("SELECT count(*) FROM cart_items"));
        await Shop.AssertReconcilesAsync(host);
    }

    [Fact]
    public async Task Concurrent_multi_product_checkouts_reserve_whole_orders_or_nothing()
    {
        await using var host = await Shop.StartAsync();
        int[] ids = [await Shop.ProductAsync(host, "MP-1", 1000, 12), await Shop.ProductAsync(host, "MP-2", 1000, 12), await Shop.ProductAsync(host, "MP-3", 1000, 12)];
        var rnd = new Random(11);
        var buyers = Enumerable.Range(0, 60).Select(i => (Id: 20_000L + i, Products: ids.OrderBy(_ => rnd.Next()).Take(rnd.Next(2, 4)).ToArray())).ToArray();
        await Parallel.ForEachAsync(buyers, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (b, _) => await Shop.FillCartAsync(new Shopper(host, b.Id), b.Products.Select(p => (p, 1)).ToArray()));

        var results = await Task.WhenAll(buyers.Select(b => Shop.PlaceAsync(host, b.Id))).WaitAsync(TimeSpan.FromSeconds(120));

        Assert.All(results, r => Assert.Contains(r.Status, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict }));
        var placed = results.Where(r => r.Status == HttpStatusCode.Created).Select(r => r.Body).ToList();
        Assert.NotEmpty(placed);
        foreach (var id in ids)
        {
            var ordered = placed.Sum(o => o.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("product_id").GetInt32() == id).Sum(i => i.GetProperty("quantity").GetInt32()));
            var f = await Shop.FiguresAsync(host, id);
            Assert.Equal(ordered, f.Reserved);
            Assert.True(f.Available >= 0);
        }
        Assert.Equal(placed.Sum(o => o.GetProperty("items").GetArrayLength()),
            await host.ScalarAsync<long>("SELECT count(*) FROM inventory_movements WHERE movement_type = 'reserve'"));
        await Shop.AssertReconcilesAsync(host);
    }

    [Fact]
    public async Task The_same_idempotency_key_sent_ten_times_at_once_makes_one_order()
    {
        await using var host = await Shop.StartAsync();
        var p = await Shop.ProductAsync(host, "IDEM", 1000, 50);
        await Shop.FillCartAsync(new Shopper(host, 4001), (p, 2));

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Shop.PlaceAsync(host, 4001, key: "checkout-1"))).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.All(results, r => Assert.Equal(HttpStatusCode.Created, r.Status));
        Assert.Single(results.Select(r => r.Body.GetProperty("id").GetInt32()).Distinct());
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(new StockFigures(p, 50, 2, 48), await Shop.FiguresAsync(host, p));
        // Later, the same key still answers with that order; another user's same key is their own.
        var later = await Shop.PlaceAsync(host, 4001, key: "checkout-1");
        Assert.Equal(results[0].Body.GetProperty("id").GetInt32(), later.Body.GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, (await Shop.PlaceAsync(host, 4002, key: "checkout-1")).Status);
    }

    [Theory]
    [InlineData("{\"customer_phone\": \"12\"}")]
    [InlineData("{\"customer_phone\": 998901234567}")]
    [InlineData("{\"customer_name\": \"   \", \"customer_phone\": \"+998901234567\"}")]
    [InlineData("{\"delivery_notes\": [1], \"customer_phone\": \"+998901234567\"}")]
    [InlineData("not json")]
    [InlineData("{}")] // no phone in the body nor the profile
    public async Task Bad_checkout_bodies_are_400_and_write_nothing(string json)
    {
        await using var host = await Shop.StartAsync();
        var p = await Shop.ProductAsync(host, "BAD", 1000, 5);
        await Shop.FillCartAsync(new Shopper(host, 5001), (p, 1));
        var req = InitData.Request(HttpMethod.Post, "/api/orders", InitData.For(5001));
        req.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        var (status, body) = await Shop.SendAsync(host, req);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.True(body.TryGetProperty("code", out _));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(new StockFigures(p, 5, 0, 5), await Shop.FiguresAsync(host, p));
    }
}
