using System.Net;
using AmazingStore.Data.Inventory;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;

namespace AmazingStore.Tests.Admin;

public sealed class AdminApiTests
{
    private const long Admin = Shop.AdminTelegramId;

    [Fact]
    public async Task Admin_endpoints_are_403_for_a_customer_and_401_without_init_data()
    {
        await using var host = await Shop.StartAsync();
        (HttpMethod, string, object?)[] calls =
        [
            (HttpMethod.Get, "/api/admin/categories", null), (HttpMethod.Post, "/api/admin/categories", new { name_uz = "X" }),
            (HttpMethod.Get, "/api/admin/products", null), (HttpMethod.Post, "/api/admin/products", new { sku = "X", name_uz = "X", price = 1 }),
            (HttpMethod.Post, "/api/admin/products/1/stock", new { change = 5 }), (HttpMethod.Get, "/api/admin/products/1/movements", null),
            (HttpMethod.Get, "/api/admin/banners", null), (HttpMethod.Delete, "/api/admin/banners/1", null),
            (HttpMethod.Get, "/api/admin/orders", null), (HttpMethod.Patch, "/api/admin/orders/1", new { status = "confirmed" }),
        ];
        foreach (var (method, path, body) in calls)
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await Shop.AsAsync(host, 6001, method, path, body)).Status);
            var anon = InitData.Request(method, path, "x", body);
            anon.Headers.Authorization = null;
            using var anonymous = await host.Client.SendAsync(anon);
            Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} → {(int)anonymous.StatusCode}");
        }
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM categories") + await host.ScalarAsync<long>("SELECT count(*) FROM products"));
    }

    [Fact]
    public async Task Products_are_created_with_opening_stock_adjusted_through_the_ledger_and_deactivated()
    {
        await using var host = await Shop.StartAsync();
        var (created, product) = await Shop.AsAsync(host, Admin, HttpMethod.Post, "/api/admin/products",
            new { sku = "ADM-1", name_uz = "Choynak", name_ru = "Чайник", price = 150_000, sale_price = 120_000, initial_stock = 10 });
        Assert.Equal(HttpStatusCode.Created, created);
        var id = product.GetProperty("id").GetInt32();
        Assert.Equal((10, 0, 10), (product.GetProperty("quantity").GetInt32(), product.GetProperty("reserved_quantity").GetInt32(), product.GetProperty("available").GetInt32()));

        var (dup, dupBody) = await Shop.AsAsync(host, Admin, HttpMethod.Post, "/api/admin/products", new { sku = "ADM-1", name_uz = "Boshqa", price = 1 });
        Assert.Equal((HttpStatusCode.Conflict, "duplicate_sku"), (dup, dupBody.GetProperty("code").GetString()));

        var (_, minus) = await Shop.AsAsync(host, Admin, HttpMethod.Post, $"/api/admin/products/{id}/stock", new { change = -3, reason = "broken" });
        Assert.Equal((7, 0, 7), (minus.GetProperty("quantity").GetInt32(), minus.GetProperty("reserved_quantity").GetInt32(), minus.GetProperty("available").GetInt32()));
        await Shop.FillCartAsync(new Shopper(host, 6101), (id, 4));
        Assert.Equal(HttpStatusCode.Created, (await Shop.PlaceAsync(host, 6101)).Status);
        var (below, belowBody) = await Shop.AsAsync(host, Admin, HttpMethod.Post, $"/api/admin/products/{id}/stock", new { set = 3 });
        Assert.Equal((HttpStatusCode.Conflict, "below_reserved"), (below, belowBody.GetProperty("code").GetString()));
        var (_, set) = await Shop.AsAsync(host, Admin, HttpMethod.Post, $"/api/admin/products/{id}/stock", new { set = 40 });
        Assert.Equal((40, 4, 36), (set.GetProperty("quantity").GetInt32(), set.GetProperty("reserved_quantity").GetInt32(), set.GetProperty("available").GetInt32()));

        var (_, movements) = await Shop.AsAsync(host, Admin, HttpMethod.Get, $"/api/admin/products/{id}/movements");
        Assert.Equal(new[] { "adjustment", "reserve", "adjustment", "initial" },
            movements.GetProperty("items").EnumerateArray().Select(m => m.GetProperty("movement_type").GetString()!).ToArray());
        Assert.Equal("broken", movements.GetProperty("items")[2].GetProperty("notes").GetString());

        var (_, found) = await Shop.AsAsync(host, Admin, HttpMethod.Get, "/api/admin/products?search=choy");
        Assert.Equal(id, Assert.Single(found.GetProperty("items").EnumerateArray()).GetProperty("id").GetInt32());
        var (put, updated) = await Shop.AsAsync(host, Admin, HttpMethod.Put, $"/api/admin/products/{id}", new { sku = "ADM-1", name_uz = "Choynak 2", price = 160_000 });
        Assert.Equal((HttpStatusCode.OK, "Choynak 2"), (put, updated.GetProperty("name_uz").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await Shop.AsAsync(host, Admin, HttpMethod.Delete, $"/api/admin/products/{id}")).Status);
        Assert.False(await host.ScalarAsync<bool>("SELECT is_active FROM products WHERE id = $1", id));
        await Shop.AssertReconcilesAsync(host);
    }

    [Fact]
    public async Task Every_illegal_status_move_is_409_and_changes_nothing_while_shipping_turns_the_reservation_into_a_decrease()
    {
        await using var host = await Shop.StartAsync();
        var p = await Shop.ProductAsync(host, "FLOW", 1000, 10);
        await Shop.FillCartAsync(new Shopper(host, 6201), (p, 3));
        var id = (await Shop.PlaceAsync(host, 6201)).Body.GetProperty("id").GetInt32();
        string[] path = ["confirmed", "shipped", "delivered"];
        string[] all = ["pending", "confirmed", "shipped", "delivered", "cancelled"];
        var current = "pending";
        foreach (var next in path)
        {
            foreach (var illegal in all.Where(s => s != next && !(current is "pending" or "confirmed" && s == "cancelled")))
            {
                var figures = await Shop.FiguresAsync(host, p);
                var (status, body) = await Shop.AsAsync(host, Admin, HttpMethod.Patch, $"/api/admin/orders/{id}", new { status = illegal });
                Assert.True(status == HttpStatusCode.Conflict, $"{current} → {illegal}: {(int)status}");
                Assert.Equal("invalid_transition", body.GetProperty("code").GetString());
                Assert.Equal(current, await host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", id));
                Assert.Equal(figures, await Shop.FiguresAsync(host, p));
            }
            Assert.Equal(HttpStatusCode.OK, (await Shop.AsAsync(host, Admin, HttpMethod.Patch, $"/api/admin/orders/{id}", new { status = next })).Status);
            current = next;
            if (next == "shipped") Assert.Equal(new StockFigures(p, 7, 0, 7), await Shop.FiguresAsync(host, p));
        }
        foreach (var s in all)
            Assert.Equal(HttpStatusCode.Conflict, (await Shop.AsAsync(host, Admin, HttpMethod.Patch, $"/api/admin/orders/{id}", new { status = s })).Status);

        var (_, list) = await Shop.AsAsync(host, Admin, HttpMethod.Get, "/api/admin/orders?status=delivered&source=app");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(0, (await Shop.AsAsync(host, Admin, HttpMethod.Get, "/api/admin/orders?status=pending")).Body.GetProperty("total").GetInt32());
        await Shop.AssertReconcilesAsync(host);
    }

    [Fact]
    public async Task Categories_and_banners_round_trip()
    {
        await using var host = await Shop.StartAsync();
        var (c1, parent) = await Shop.AsAsync(host, Admin, HttpMethod.Post, "/api/admin/categories", new { name_uz = "Uy", sort_order = 2, color = "#fff" });
        Assert.Equal(HttpStatusCode.Created, c1);
        var pid = parent.GetProperty("id").GetInt32();
        var (_, child) = await Shop.AsAsync(host, Admin, HttpMethod.Post, "/api/admin/categories", new { name_uz = "Oshxona", parent_id = pid });
        var cid = child.GetProperty("id").GetInt32();
        var (cycle, _) = await Shop.AsAsync(host, Admin, HttpMethod.Put, $"/api/admin/categories/{pid}", new { name_uz = "Uy", parent_id = cid });
        Assert.Equal(HttpStatusCode.BadRequest, cycle);
        Assert.Equal(HttpStatusCode.NoContent, (await Shop.AsAsync(host, Admin, HttpMethod.Delete, $"/api/admin/categories/{cid}")).Status);
        var (_, cats) = await Shop.AsAsync(host, Admin, HttpMethod.Get, "/api/admin/categories");
        Assert.Equal([true, false], cats.GetProperty("items").EnumerateArray().OrderBy(c => c.GetProperty("id").GetInt32()).Select(c => c.GetProperty("is_active").GetBoolean()).ToArray());

        var (b1, banner) = await Shop.AsAsync(host, Admin, HttpMethod.Post, "/api/admin/banners", new { image_url = "/img/x.svg", link_type = "category", link_id = pid });
        Assert.Equal(HttpStatusCode.Created, b1);
        var bid = banner.GetProperty("id").GetInt32();
        var (_, moved) = await Shop.AsAsync(host, Admin, HttpMethod.Put, $"/api/admin/banners/{bid}", new { image_url = "/img/y.svg", title_uz = "Yangi" });
        Assert.Equal("Yangi", moved.GetProperty("title_uz").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await Shop.AsAsync(host, Admin, HttpMethod.Delete, $"/api/admin/banners/{bid}")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await Shop.AsAsync(host, Admin, HttpMethod.Delete, $"/api/admin/banners/{bid}")).Status);
    }

    [Fact]
    public async Task A_category_cannot_move_under_its_own_descendant_thirty_levels_down()
    {
        await using var host = await Shop.StartAsync();
        var chain = new List<int>();
        for (var level = 0; level < 30; level++)
        {
            var (status, created) = await Shop.AsAsync(host, Admin, HttpMethod.Post, "/api/admin/categories",
                new { name_uz = $"Daraja {level}", parent_id = level == 0 ? (int?)null : chain[^1] });
            Assert.Equal(HttpStatusCode.Created, status);
            chain.Add(created.GetProperty("id").GetInt32());
        }
        var (_, other) = await Shop.AsAsync(host, Admin, HttpMethod.Post, "/api/admin/categories", new { name_uz = "Boshqa" });
        var otherId = other.GetProperty("id").GetInt32();

        // The root under the deepest leaf, and a middle level under the leaf: both cycles, refused, nothing stored.
        foreach (var (moved, level) in new[] { (chain[0], 0), (chain[12], 12) })
        {
            var (refused, problem) = await Shop.AsAsync(host, Admin, HttpMethod.Put, $"/api/admin/categories/{moved}",
                new { name_uz = "Ko'chirilgan", parent_id = chain[^1] });
            Assert.Equal(HttpStatusCode.BadRequest, refused);
            Assert.Contains("cycle", problem.GetRawText());
            Assert.Equal(level == 0 ? null : chain[level - 1],
                await host.ScalarAsync<int?>("SELECT parent_id FROM categories WHERE id = $1", moved));
        }

        // Not cycles: the unrelated category under the leaf, then the leaf's chain root under it.
        Assert.Equal(HttpStatusCode.OK, (await Shop.AsAsync(host, Admin, HttpMethod.Put, $"/api/admin/categories/{otherId}",
            new { name_uz = "Boshqa", parent_id = chain[^1] })).Status);
        Assert.Equal(chain[^1], await host.ScalarAsync<int>("SELECT parent_id FROM categories WHERE id = $1", otherId));
        var (again, _) = await Shop.AsAsync(host, Admin, HttpMethod.Put, $"/api/admin/categories/{chain[0]}",
            new { name_uz = "Daraja 0", parent_id = otherId });
        Assert.Equal(HttpStatusCode.BadRequest, again); // other now hangs below chain[0]: still a cycle
        Assert.Equal(HttpStatusCode.OK, (await Shop.AsAsync(host, Admin, HttpMethod.Put, $"/api/admin/categories/{chain[29]}",
            new { name_uz = "Daraja 29", parent_id = chain[5] })).Status);
        Assert.Equal(chain[5], await host.ScalarAsync<int>("SELECT parent_id FROM categories WHERE id = $1", chain[29]));
    }

    public static TheoryData<string, string, string?> BadInput => new()
    {
        { "POST", "/api/admin/products", "{\"name_uz\":\"X\",\"price\":1}" },
        { "POST", "/api/admin/products", "{\"sku\":\"S\",\"name_uz\":\"X\",\"price\":-1}" },
        { "POST", "/api/admin/products", "{\"sku\":\"S\",\"name_uz\":\"X\",\"price\":1.234}" },
        { "POST", "/api/admin/products", "{\"sku\":\"S\",\"name_uz\":\"X\",\"price\":1e30}" },
        { "POST", "/api/admin/products", "{\"sku\":\"S\",\"name_uz\":\"X\",\"price\":1,\"initial_stock\":-5}" },
        { "POST", "/api/admin/products", "{\"sku\":\"S\",\"name_uz\":\"X\",\"price\":1,\"category_id\":999}" },
        { "POST", "/api/admin/products", "{\"sku\":\"" + new string('s', 101) + "\",\"name_uz\":\"X\",\"price\":1}" },
        { "POST", "/api/admin/products", "{\"sku\":\"S\",\"name_uz\":\"X\",\"price\":\"cheap\"}" },
        { "POST", "/api/admin/products", "[]" },
        { "POST", "/api/admin/products", null },
        { "PUT", "/api/admin/products/{p}", "{\"sku\":\"\",\"name_uz\":\"X\",\"price\":1}" },
        { "POST", "/api/admin/products/{p}/stock", "{}" },
        { "POST", "/api/admin/products/{p}/stock", "{\"change\":1,\"set\":2}" },
        { "POST", "/api/admin/products/{p}/stock", "{\"set\":-1}" },
        { "POST", "/api/admin/products/{p}/stock", "{\"change\":99999999999}" },
        { "POST", "/api/admin/products/{p}/stock", "{\"change\":-100}" },
        { "POST", "/api/admin/products/999999/stock", "{\"change\":1}" },
        { "GET", "/api/admin/products?page=0", null },
        { "GET", "/api/admin/products/999999/movements", null },
        { "POST", "/api/admin/categories", "{\"name_uz\":\"\"}" },
        { "POST", "/api/admin/categories", "{\"name_uz\":\"X\",\"parent_id\":12345}" },
        { "PUT", "/api/admin/categories/999999", "{\"name_uz\":\"X\"}" },
        { "POST", "/api/admin/banners", "{\"title_uz\":\"X\"}" },
        { "POST", "/api/admin/banners", "{\"image_url\":\"/x\",\"link_type\":\"ftp\"}" },
        { "GET", "/api/admin/orders?status=lost", null },
        { "GET", "/api/admin/orders?source=amazon", null },
        { "PATCH", "/api/admin/orders/999999", "{\"status\":\"confirmed\"}" },
        { "PATCH", "/api/admin/orders/{o}", "{\"status\":\"teleported\"}" },
        { "PATCH", "/api/admin/orders/{o}", "{}" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public async Task Bad_admin_input_is_a_4xx_problem_and_writes_nothing(string method, string path, string? json)
    {
        await using var host = await Shop.StartAsync();
        var p = await Shop.ProductAsync(host, "KEEP", 1000, 5);
        await Shop.FillCartAsync(new Shopper(host, 6301), (p, 1));
        var o = (await Shop.PlaceAsync(host, 6301)).Body.GetProperty("id").GetInt32();
        const string Snapshot = """
            SELECT (SELECT count(*) FROM products) || '/' || (SELECT count(*) FROM categories) || '/' || (SELECT count(*) FROM banners)
                || '/' || (SELECT count(*) FROM inventory_movements) || '/' || (SELECT string_agg(sku || price || is_active, ',') FROM products)
                || '/' || (SELECT string_agg(status, ',') FROM orders)
            """;
        var before = await host.ScalarAsync<string>(Snapshot);
        var req = InitData.Request(new HttpMethod(method), path.Replace("{p}", p.ToString()).Replace("{o}", o.ToString()), InitData.For(Admin));
        if (json is not null) req.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");

        var (status, body) = await Shop.SendAsync(host, req);

        Assert.True((int)status is >= 400 and < 500, $"{method} {path} {json} → {(int)status}");
        Assert.True(body.TryGetProperty("code", out _));
        Assert.Equal(before, await host.ScalarAsync<string>(Snapshot));
    }
}
