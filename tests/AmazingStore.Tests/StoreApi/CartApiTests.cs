using System.Net;
using System.Text.Json;
using AmazingStore.Tests.Infrastructure;

namespace AmazingStore.Tests.StoreApi;

public sealed class CartApiTests
{
    [Fact]
    public async Task Cart_lines_are_set_checked_against_available_stock_and_summed()
    {
        await using var host = await StoreHost.StartAsync();
        await CatalogSeed.SeedAsync(host);
        var shopper = new Shopper(host, 801);

        using (var anonymous = await host.Client.GetAsync("/api/cart"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("invalid_init_data", await Replies.ProblemCodeAsync(anonymous));
        }

        await shopper.JsonAsync(HttpMethod.Post, "/api/cart", new { product_id = CatalogSeed.Galaxy, quantity = 1 });
        // Setting the same product again replaces the quantity rather than adding a second line.
        var cart = await shopper.JsonAsync(HttpMethod.Post, "/api/cart?lang=ru", new { product_id = CatalogSeed.Galaxy, quantity = 5 });
        await shopper.JsonAsync(HttpMethod.Post, "/api/cart", new { product_id = CatalogSeed.Novel, quantity = 2 });
        cart = await shopper.JsonAsync(HttpMethod.Get, "/api/cart?lang=ru");
        var lines = cart.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(2, lines.Length);
        Assert.Equal("Телефон Galaxy", lines[0].GetProperty("name").GetString());
        Assert.Equal(5, lines[0].GetProperty("quantity").GetInt32());
        Assert.Equal(4500000m, lines[0].GetProperty("price_snapshot").GetDecimal());
        Assert.Equal(5, lines[0].GetProperty("available").GetInt32());
        Assert.Equal(5 * 4500000m + 2 * 80000m, cart.GetProperty("subtotal").GetDecimal());

        // 7 on hand, 2 reserved: 6 is more than available, and nothing changes.
        using (var tooMany = await shopper.SendAsync(HttpMethod.Post, "/api/cart", new { product_id = CatalogSeed.Galaxy, quantity = 6 }))
        {
            Assert.Equal(HttpStatusCode.Conflict, tooMany.StatusCode);
            Assert.Equal("out_of_stock", await Replies.ProblemCodeAsync(tooMany));
        }
        using (var none = await shopper.SendAsync(HttpMethod.Post, "/api/cart", new { product_id = CatalogSeed.NoStock, quantity = 1 }))
            Assert.Equal(HttpStatusCode.Conflict, none.StatusCode);
        using (var unknown = await shopper.SendAsync(HttpMethod.Post, "/api/cart", new { product_id = 999999, quantity = 1 }))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        foreach (var body in new object[] { new { product_id = CatalogSeed.Novel, quantity = 0 }, new { quantity = 1 }, new { product_id = CatalogSeed.Novel, quantity = -3 } })
            using (var bad = await shopper.SendAsync(HttpMethod.Post, "/api/cart", body))
                Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(5, await host.ScalarAsync<int>("SELECT quantity FROM cart_items WHERE product_id = $1", CatalogSeed.Galaxy));

        var galaxyLine = lines[0].GetProperty("id").GetInt32();
        var patched = await shopper.JsonAsync(HttpMethod.Patch, $"/api/cart/{galaxyLine}", new { quantity = 3 });
        Assert.Equal(3, patched.GetProperty("items")[0].GetProperty("quantity").GetInt32());
        using (var over = await shopper.SendAsync(HttpMethod.Patch, $"/api/cart/{galaxyLine}", new { quantity = 50 }))
            Assert.Equal(HttpStatusCode.Conflict, over.StatusCode);

        using (var removed = await shopper.SendAsync(HttpMethod.Delete, $"/api/cart/{galaxyLine}"))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Single((await shopper.JsonAsync(HttpMethod.Get, "/api/cart")).GetProperty("items").EnumerateArray());
        using (var cleared = await shopper.SendAsync(HttpMethod.Delete, "/api/cart"))
            Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        var empty = await shopper.JsonAsync(HttpMethod.Get, "/api/cart");
        Assert.Equal(0, empty.GetProperty("items").GetArrayLength());
        Assert.Equal(0m, empty.GetProperty("subtotal").GetDecimal());
    }

    [Fact]
    public async Task Nobody_can_see_change_or_remove_another_users_cart_lines()
    {
        await using var host = await StoreHost.StartAsync();
        await CatalogSeed.SeedAsync(host);
        var owner = new Shopper(host, 901);
        var other = new Shopper(host, 902);

        var cart = await owner.JsonAsync(HttpMethod.Post, "/api/cart", new { product_id = CatalogSeed.Redmi, quantity = 2 });
        var line = cart.GetProperty("items")[0].GetProperty("id").GetInt32();

        Assert.Equal(0, (await other.JsonAsync(HttpMethod.Get, "/api/cart")).GetProperty("items").GetArrayLength());
        using (var patch = await other.SendAsync(HttpMethod.Patch, $"/api/cart/{line}", new { quantity = 1 }))
        {
            Assert.Equal(HttpStatusCode.NotFound, patch.StatusCode);
            Assert.Equal("not_found", await Replies.ProblemCodeAsync(patch));
        }
        using (var delete = await other.SendAsync(HttpMethod.Delete, $"/api/cart/{line}"))
            Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        using (var clear = await other.SendAsync(HttpMethod.Delete, "/api/cart"))
            Assert.Equal(HttpStatusCode.NoContent, clear.StatusCode);

        var after = await owner.JsonAsync(HttpMethod.Get, "/api/cart");
        Assert.Equal(2, after.GetProperty("items")[0].GetProperty("quantity").GetInt32());
    }
}
