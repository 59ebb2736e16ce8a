using System.Net;
using System.Text.Json;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;

namespace AmazingStore.Tests.Delivery;

/// <summary>Zones the admin defines, listed per language, and the fee the server computes from them at checkout.</summary>
public sealed class DeliveryZoneTests
{
    private static async Task<int> ZoneAsync(Infrastructure.StoreHost host, object body)
    {
        var (status, zone) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Post, "/api/admin/delivery-zones", body);
        Assert.Equal(HttpStatusCode.Created, status);
        return zone.GetProperty("id").GetInt32();
    }

    private static Task<(HttpStatusCode Status, JsonElement Body)> OrderAsync(Infrastructure.StoreHost host, long customer, object body) =>
        Shop.AsAsync(host, customer, HttpMethod.Post, "/api/orders", body);

    [Fact]
    public async Task Admins_define_zones_that_customers_list_in_their_language_and_a_deleted_zone_disappears()
    {
        await using var host = await Shop.StartAsync();
        var city = await ZoneAsync(host, new { name_uz = "Toshkent shahri", name_ru = "Ташкент", fee = 15_000, free_from = 300_000, sort_order = 1 });
        var region = await ZoneAsync(host, new { name_uz = "Viloyatlar", fee = 40_000, sort_order = 2 });
        var pickup = await ZoneAsync(host, new { name_uz = "Do'kondan olib ketish", name_ru = "Самовывоз из магазина", fee = 0, is_pickup = true, sort_order = 0 });

        var (_, ru) = await Shop.SendAsync(host, new HttpRequestMessage(HttpMethod.Get, "/api/delivery-zones?lang=ru"));
        Assert.Equal([(pickup, "Самовывоз из магазина", 0m, (decimal?)null, true), (city, "Ташкент", 15_000m, 300_000m, false),
                (region, "Viloyatlar", 40_000m, null, false)], // an empty Russian name falls back to Uzbek
            ru.GetProperty("items").EnumerateArray().Select(z => (z.GetProperty("id").GetInt32(), z.GetProperty("name").GetString(),
                z.GetProperty("fee").GetDecimal(), z.GetProperty("free_from").ValueKind == JsonValueKind.Null ? (decimal?)null : z.GetProperty("free_from").GetDecimal(),
                z.GetProperty("is_pickup").GetBoolean())).ToArray());
        var (_, uz) = await Shop.SendAsync(host, new HttpRequestMessage(HttpMethod.Get, "/api/delivery-zones"));
        Assert.Equal("Toshkent shahri", uz.GetProperty("items")[1].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await Shop.SendAsync(host, new HttpRequestMessage(HttpMethod.Get, "/api/delivery-zones?lang=en"))).Status);

        // Edit, refuse bad input (nothing changes), refuse non-admins, delete = deactivate.
        var (put, edited) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Put, $"/api/admin/delivery-zones/{region}",
            new { name_uz = "Viloyatlar", name_ru = "Области", fee = 45_000, sort_order = 2 });
        Assert.Equal((HttpStatusCode.OK, 45_000m, "Области"), (put, edited.GetProperty("fee").GetDecimal(), edited.GetProperty("name_ru").GetString()));
        var (bad, problem) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Put, $"/api/admin/delivery-zones/{region}",
            new { name_uz = "", fee = -1, free_from = 0.001 });
        Assert.Equal((HttpStatusCode.BadRequest, "validation_failed"), (bad, problem.GetProperty("code").GetString()));
        Assert.Equal(["fee", "free_from", "name_uz"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order().ToArray());
        Assert.Equal(45_000m, await host.ScalarAsync<decimal>("SELECT fee FROM delivery_zones WHERE id = $1", region));
        Assert.Equal(HttpStatusCode.Forbidden, (await Shop.AsAsync(host, 4040, HttpMethod.Post, "/api/admin/delivery-zones", new { name_uz = "X" })).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Delete, "/api/admin/delivery-zones/999999")).Status);
        Assert.Equal(HttpStatusCode.NoContent, (await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Delete, $"/api/admin/delivery-zones/{region}")).Status);

        var (_, after) = await Shop.SendAsync(host, new HttpRequestMessage(HttpMethod.Get, "/api/delivery-zones"));
        Assert.Equal([pickup, city], after.GetProperty("items").EnumerateArray().Select(z => z.GetProperty("id").GetInt32()).ToArray());
        var (_, all) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Get, "/api/admin/delivery-zones");
        Assert.False(all.GetProperty("items").EnumerateArray().Single(z => z.GetProperty("id").GetInt32() == region).GetProperty("is_active").GetBoolean());
    }

    [Fact]
    public async Task The_fee_is_computed_by_the_server_per_zone_and_threshold_and_a_fee_the_client_sends_is_ignored()
    {
        await using var host = await Shop.StartAsync();
        var city = await ZoneAsync(host, new { name_uz = "Toshkent", fee = 20_000, free_from = 100_000 });
        var pickup = await ZoneAsync(host, new { name_uz = "Olib ketish", fee = 0, is_pickup = true });
        var p = await Shop.ProductAsync(host, "DZ-1", 30_000, 20);
        const long customer = 8101;
        var shopper = new Shopper(host, customer);

        // Below the threshold: the zone's fee, whatever the client claims.
        await Shop.FillCartAsync(shopper, (p, 1));
        var (placed, order) = await OrderAsync(host, customer, new
        {
            customer_phone = "+998901234567", delivery_address = "Chilonzor 1", delivery_zone_id = city,
            delivery_fee = 0, total = 1, subtotal = 1, delivery_date = DateTime.UtcNow.AddHours(5).AddDays(2).ToString("yyyy-MM-dd"),
        });
        Assert.Equal(HttpStatusCode.Created, placed);
        Assert.Equal((30_000m, 20_000m, 50_000m, city, false), (order.GetProperty("subtotal").GetDecimal(), order.GetProperty("delivery_fee").GetDecimal(),
            order.GetProperty("total").GetDecimal(), order.GetProperty("delivery_zone_id").GetInt32(), order.GetProperty("pickup").GetBoolean()));
        Assert.Equal(DateTime.UtcNow.AddHours(5).AddDays(2).ToString("yyyy-MM-dd"), order.GetProperty("delivery_date").GetString());
        var id = order.GetProperty("id").GetInt32();
        Assert.Equal("20000.00|50000.00", await host.ScalarAsync<string>("SELECT delivery_fee || '|' || total FROM orders WHERE id = $1", id));
        // The checkout's reply is what a later read says.
        Assert.Equal(order.GetRawText(), (await shopper.JsonAsync(HttpMethod.Get, $"/api/orders/{id}")).GetRawText());

        // At the threshold: free.
        await Shop.FillCartAsync(shopper, (p, 4));
        var (_, free) = await OrderAsync(host, customer, new { customer_phone = "+998901234567", delivery_address = "Chilonzor 1", delivery_zone_id = city, delivery_fee = 99_999 });
        Assert.Equal((120_000m, 0m, 120_000m), (free.GetProperty("subtotal").GetDecimal(), free.GetProperty("delivery_fee").GetDecimal(), free.GetProperty("total").GetDecimal()));

        // Pickup: the pickup zone, no address needed.
        await Shop.FillCartAsync(shopper, (p, 1));
        var (pickedUp, collect) = await OrderAsync(host, customer, new { customer_phone = "+998901234567", pickup = true, delivery_fee = 5_000 });
        Assert.Equal(HttpStatusCode.Created, pickedUp);
        Assert.Equal((0m, 30_000m, pickup, true), (collect.GetProperty("delivery_fee").GetDecimal(), collect.GetProperty("total").GetDecimal(),
            collect.GetProperty("delivery_zone_id").GetInt32(), collect.GetProperty("pickup").GetBoolean()));

        // Zones exist: choosing none, an unknown one, a delivery zone as pickup, or a date in the past is 400 and changes nothing.
        await Shop.FillCartAsync(shopper, (p, 1));
        var orders = await host.ScalarAsync<long>("SELECT count(*) FROM orders");
        var reserved = (await Shop.FiguresAsync(host, p)).Reserved;
        foreach (var (body, field) in new (object, string)[]
        {
            (new { customer_phone = "+998901234567", delivery_address = "X" }, "delivery_zone_id"),
            (new { customer_phone = "+998901234567", delivery_address = "X", delivery_zone_id = 999_999 }, "delivery_zone_id"),
            (new { customer_phone = "+998901234567", delivery_zone_id = city, pickup = true }, "delivery_zone_id"),
            (new { customer_phone = "+998901234567", delivery_address = "X", delivery_zone_id = city, delivery_date = "2020-01-01" }, "delivery_date"),
            (new { customer_phone = "+998901234567", delivery_address = "X", delivery_zone_id = city, delivery_date = "tomorrow" }, "delivery_date"),
        })
        {
            var (status, problem) = await OrderAsync(host, customer, body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.GetRawText());
        }
        Assert.Equal(orders, await host.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(reserved, (await Shop.FiguresAsync(host, p)).Reserved);
        Assert.Single((await shopper.JsonAsync(HttpMethod.Get, "/api/cart")).GetProperty("items").EnumerateArray());
        await Shop.AssertReconcilesAsync(host);
    }

    [Fact]
    public async Task Checkout_keeps_the_zones_in_memory_and_hears_a_change_made_by_another_instance()
    {
        await using var host = await Shop.StartAsync();
        var city = await ZoneAsync(host, new { name_uz = "Toshkent", fee = 20_000 });
        var p = await Shop.ProductAsync(host, "DZ-3", 30_000, 20);
        const long customer = 8301;
        var shopper = new Shopper(host, customer);
        async Task<decimal> FeeAsync()
        {
            await Shop.FillCartAsync(shopper, (p, 1));
            var (status, order) = await OrderAsync(host, customer, new { customer_phone = "+998901234567", delivery_address = "X", delivery_zone_id = city });
            Assert.Equal(HttpStatusCode.Created, status);
            await host.ScalarAsync<int>("UPDATE orders SET status = 'cancelled' WHERE id = $1 RETURNING id", order.GetProperty("id").GetInt32());
            return order.GetProperty("delivery_fee").GetDecimal();
        }
        Assert.Equal(20_000m, await FeeAsync()); // read and kept

        // Another instance (here: plain SQL, which no request of this instance saw) changes the fee: the NOTIFY reaches
        // this instance and its next checkout charges the new fee.
        await host.ScalarAsync<int>("UPDATE delivery_zones SET fee = 25000 WHERE id = $1 RETURNING id", city);
        var fee = 0m;
        for (var i = 0; i < 50 && fee != 25_000m; i++)
        {
            fee = await FeeAsync();
            if (fee != 25_000m) await Task.Delay(100);
        }
        Assert.Equal(25_000m, fee);
        // And a zone switched off elsewhere is refused.
        await host.ScalarAsync<int>("UPDATE delivery_zones SET is_active = false WHERE id = $1 RETURNING id", city);
        var refused = false;
        for (var i = 0; i < 50 && !refused; i++)
        {
            await Shop.FillCartAsync(shopper, (p, 1));
            var (status, _) = await OrderAsync(host, customer, new { customer_phone = "+998901234567", delivery_address = "X", delivery_zone_id = city });
            refused = status == HttpStatusCode.BadRequest;
            if (!refused) await Task.Delay(100);
        }
        Assert.True(refused);
    }

    [Fact]
    public async Task Without_zones_delivery_stays_free_whatever_the_client_sends()
    {
        await using var host = await Shop.StartAsync();
        var p = await Shop.ProductAsync(host, "DZ-2", 10_000, 5);
        const long customer = 8201;
        await Shop.FillCartAsync(new Shopper(host, customer), (p, 2));

        var (status, order) = await OrderAsync(host, customer, new { customer_phone = "+998901234567", delivery_address = "Yunusobod", delivery_fee = 7_000, total = 3 });

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal((20_000m, 0m, 20_000m), (order.GetProperty("subtotal").GetDecimal(), order.GetProperty("delivery_fee").GetDecimal(), order.GetProperty("total").GetDecimal()));
        Assert.Equal(JsonValueKind.Null, order.GetProperty("delivery_zone_id").ValueKind);
        Assert.Equal(0m, await host.ScalarAsync<decimal>("SELECT delivery_fee FROM orders"));
    }
}
