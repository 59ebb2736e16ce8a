using System.Net;
using System.Text.Json;
using AmazingStore.Tests.CatalogFiles;
using AmazingStore.Tests.Marketplaces;

namespace AmazingStore.Tests.ManualOrders;

/// <summary>Issue 19 item 6: an order taken by phone goes through the same workflow as every other order.</summary>
public sealed class ManualOrderTests
{
    [Fact]
    public async Task A_manual_order_reserves_stock_through_the_ledger_tells_the_owner_and_is_refused_whole_when_short()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var shirt = await CatalogFileKit.CreateProductAsync(bed, new { sku = "MO-1", name_uz = "Ko'ylak", price = 50000m, cost_price = 30000m, initial_stock = 5 });
        var socks = await CatalogFileKit.CreateProductAsync(bed, new { sku = "MO-2", name_uz = "Paypoq", price = 8000m, initial_stock = 10 });

        var (status, text) = await bed.SendAsync(HttpMethod.Post, "/api/admin/orders", new
        {
            customer_name = "Dilnoza", customer_phone = "+998 90 123-45-67", delivery_address = "Toshkent, Chilonzor 5",
            items = new[] { new { product_id = shirt, quantity = 3 }, new { product_id = socks, quantity = 2 } },
        });
        Assert.True(status == HttpStatusCode.Created, text);
        var order = JsonDocument.Parse(text).RootElement;
        var orderId = order.GetProperty("id").GetInt32();
        Assert.Equal(("manual", "pending", "+998901234567", 166000m), (order.GetProperty("source").GetString(), order.GetProperty("status").GetString(),
            order.GetProperty("customer_phone").GetString(), order.GetProperty("total").GetDecimal()));
        Assert.StartsWith("MN-", order.GetProperty("order_number").GetString());
        // Reserved through the ledger, like an app order: the reserve rows name the order.
        Assert.Equal(3, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", shirt));
        Assert.Equal(2, await bed.Host.ScalarAsync<int>("SELECT available FROM inventory WHERE product_id = $1", shirt));
        Assert.Equal(2L, await bed.Host.ScalarAsync<long>(
            "SELECT count(*) FROM inventory_movements WHERE movement_type = 'reserve' AND reference_type = 'order' AND reference_id = $1", orderId));
        // The owner hears of it the same way (one outbox row per order), and the profit snapshot is taken.
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE type = 'telegram.owner_order' AND payload->>'order_id' = $1", orderId.ToString()));
        Assert.Equal(60000m, await bed.Host.ScalarAsync<decimal>("SELECT profit FROM order_items WHERE order_id = $1 AND product_id = $2", orderId, shirt));

        // Three more shirts are not there: 409 naming the line, and nothing at all is reserved for the socks.
        (status, text) = await bed.SendAsync(HttpMethod.Post, "/api/admin/orders", new
        {
            customer_name = "Jasur", customer_phone = "+998911112233",
            items = new[] { new { product_id = socks, quantity = 1 }, new { product_id = shirt, quantity = 3 } },
        });
        Assert.Equal(HttpStatusCode.Conflict, status);
        var problem = JsonDocument.Parse(text).RootElement;
        Assert.Equal("out_of_stock", problem.GetProperty("code").GetString());
        var shortLine = problem.GetProperty("items")[0];
        Assert.Equal((shirt, 3, 2), (shortLine.GetProperty("product_id").GetInt32(), shortLine.GetProperty("requested").GetInt32(), shortLine.GetProperty("available").GetInt32()));
        Assert.Equal(2, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", socks));
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders"));

        // Cancelled through the same state machine: the reservation goes back.
        (status, text) = await bed.SendAsync(HttpMethod.Patch, $"/api/admin/orders/{orderId}", new { status = "cancelled" });
        Assert.True(status == HttpStatusCode.OK, text);
        Assert.Equal(0, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", shirt));
    }

    [Fact]
    public async Task A_bad_manual_order_is_a_400_naming_the_field_and_writes_nothing()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var shirt = await CatalogFileKit.CreateProductAsync(bed, new { sku = "MO-3", name_uz = "Ko'ylak", price = 100m, initial_stock = 5 });
        foreach (var (body, field) in new (object, string)[]
        {
            (new { customer_name = "A", customer_phone = "12345", items = new[] { new { product_id = shirt, quantity = 1 } } }, "customer_phone"),
            (new { customer_name = "", customer_phone = "+998901234567", items = new[] { new { product_id = shirt, quantity = 1 } } }, "customer_name"),
            (new { customer_name = "A", customer_phone = "+998901234567", items = Array.Empty<object>() }, "items"),
            (new { customer_name = "A", customer_phone = "+998901234567", items = new[] { new { product_id = 999999, quantity = 1 } } }, "items[0].product_id"),
            (new { customer_name = "A", customer_phone = "+998901234567", items = new[] { new { product_id = shirt, quantity = 0 } } }, "items[0].quantity"),
        })
        {
            var (status, text) = await bed.SendAsync(HttpMethod.Post, "/api/admin/orders", body);
            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("errors").TryGetProperty(field, out _), text);
        }
        Assert.Equal(0L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(0, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", shirt));
    }
}
