using System.Net;
using System.Text;
using System.Text.Json;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;
using Store = AmazingStore.Tests.Browser.Store;

namespace AmazingStore.Tests.Security;

/// <summary>Issue 17 item 6: U+0000 refused with 400 everywhere, links only http(s), wwwroot only the Mini App's files.</summary>
public sealed class TextAndLinkTests
{
    private const string Nul = "\u0000";

    private static Task<StoreHost> StartAsync() => StoreHost.StartAsync(new Dictionary<string, string?>
    {
        ["Telegram:AdminIds:0"] = Shop.AdminTelegramId.ToString(),
        ["RateLimits:Enabled"] = "false",
    });

    private static async Task<(HttpStatusCode Status, JsonElement Body)> AdminAsync(StoreHost host, HttpMethod method, string path, object? body = null) =>
        await Shop.AsAsync(host, Shop.AdminTelegramId, method, path, body);

    private static void AssertNulRefused((HttpStatusCode Status, JsonElement Body) reply, string field, string what)
    {
        Assert.True(reply.Status == HttpStatusCode.BadRequest, $"{what}: {(int)reply.Status} {reply.Body}");
        Assert.Equal("invalid_text", reply.Body.GetProperty("code").GetString());
        Assert.True(reply.Body.GetProperty("errors").TryGetProperty(field, out _), $"{what}: no error for {field}: {reply.Body}");
    }

    [Fact]
    public async Task A_nul_in_any_text_a_client_sends_is_400_invalid_text_and_changes_nothing()
    {
        await using var host = await StartAsync();
        var product = await Shop.ProductAsync(host, "NUL-1", 10_000, 10);
        var category = await host.ScalarAsync<int>("INSERT INTO categories (name_uz) VALUES ('Bo''lim') RETURNING id");
        var fingerprint = """
            SELECT (SELECT count(*) FROM products) || ',' || (SELECT count(*) FROM categories) || ',' || (SELECT count(*) FROM banners)
                || ',' || (SELECT count(*) FROM orders) || ',' || (SELECT string_agg(name_uz, '|' ORDER BY id) FROM products)
                || ',' || (SELECT string_agg(name_uz, '|' ORDER BY id) FROM categories) || ',' || (SELECT settings::text FROM marketplaces WHERE slug = 'ozon')
            """;
        var before = await host.ScalarAsync<string>(fingerprint);

        // Admin texts: product, category, banner, marketplace settings (free-form JSON kept as jsonb).
        AssertNulRefused(await AdminAsync(host, HttpMethod.Post, "/api/admin/products", new { sku = "NUL-2", name_uz = "Tele" + Nul + "fon", price = 1000 }), "name_uz", "new product");
        AssertNulRefused(await AdminAsync(host, HttpMethod.Put, $"/api/admin/products/{product}", new { sku = "NUL-1", name_uz = "Ok", description_ru = "a" + Nul, price = 1000 }), "description_ru", "product edit");
        AssertNulRefused(await AdminAsync(host, HttpMethod.Post, "/api/admin/categories", new { name_uz = Nul }), "name_uz", "new category");
        AssertNulRefused(await AdminAsync(host, HttpMethod.Put, $"/api/admin/categories/{category}", new { name_uz = "x", icon = Nul + "📦" }), "icon", "category edit");
        AssertNulRefused(await AdminAsync(host, HttpMethod.Post, "/api/admin/banners", new { image_url = "/img/x.svg", title_ru = "Скидки" + Nul }), "title_ru", "banner");
        AssertNulRefused(await AdminAsync(host, HttpMethod.Put, "/api/admin/marketplaces/ozon", new { settings = new Dictionary<string, object> { ["warehouse_id"] = "22" + Nul } }), "settings", "marketplace settings value");
        AssertNulRefused(await AdminAsync(host, HttpMethod.Put, "/api/admin/marketplaces/ozon", new { credentials = new Dictionary<string, string> { ["api_key" + Nul] = "k" } }), "credentials", "credential key");

        // A customer's texts: profile names, the checkout's name, address and comment.
        const long customer = 17_901;
        AssertNulRefused(await Shop.AsAsync(host, customer, HttpMethod.Put, "/api/users/profile", new { first_name = "Ali" + Nul }), "first_name", "profile first name");
        AssertNulRefused(await Shop.AsAsync(host, customer, HttpMethod.Put, "/api/users/profile", new { last_name = Nul }), "last_name", "profile last name");
        await Shop.FillCartAsync(new Shopper(host, customer), (product, 1));
        foreach (var field in new[] { "customer_name", "delivery_address", "delivery_notes" })
        {
            var body = new Dictionary<string, string> { ["customer_phone"] = "+998901234567", ["delivery_address"] = "Toshkent", [field] = "Chilonzor " + Nul + " 5" };
            AssertNulRefused(await Shop.AsAsync(host, customer, HttpMethod.Post, "/api/orders", body), field, "checkout " + field);
        }
        Assert.Equal(1, await host.ScalarAsync<int>("SELECT count(*)::int FROM cart_items"));
        Assert.Equal("Aziz", await host.ScalarAsync<string>("SELECT first_name FROM users WHERE telegram_id = $1", customer));

        // Searches, public and admin: %00 in the query string, refused naming the parameter.
        foreach (var path in new[] { "/api/products?search=a%00b", "/api/admin/products?search=%00", "/api/admin/orders?search=AS%00", "/api/admin/users?search=%00" })
        {
            var reply = await AdminAsync(host, HttpMethod.Get, path);
            AssertNulRefused(reply, "search", path); // the parameter that holds it
        }
        // In the path: route values (a marketplace slug, a webhook's) are looked up in the database too.
        foreach (var path in new[] { "/api/admin/marketplaces/oz%00on/products", "/api/admin/marketplaces/%00" })
        {
            var (status, _) = await AdminAsync(host, HttpMethod.Get, path);
            Assert.True((int)status is >= 400 and < 500, $"{path}: {(int)status}");
        }
        using (var hook = await host.Client.PostAsync("/webhooks/oz%00on", new StringContent("{}", Encoding.UTF8, "application/json")))
            Assert.True((int)hook.StatusCode is >= 400 and < 500, $"webhook: {(int)hook.StatusCode}");
        Assert.Equal(before, await host.ScalarAsync<string>(fingerprint));
        using (var ok = await host.Client.GetAsync("/api/products?search=NUL")) Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task Signed_initData_whose_first_name_holds_a_nul_is_401_not_500_and_makes_no_user()
    {
        await using var host = await StartAsync();
        foreach (var (name, path) in new[] { ("Ali" + Nul, "/api/users/validate"), (Nul, "/api/cart"), ("A" + Nul + "B", "/api/admin/orders") })
        {
            using var req = InitData.Request(path == "/api/users/validate" ? HttpMethod.Post : HttpMethod.Get, path, InitData.For(17_950, name));
            using var reply = await host.Client.SendAsync(req);
            Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
            Assert.Equal("invalid_init_data", await Replies.ProblemCodeAsync(reply));
        }
        // Percent-encoded into a field of its own (not inside the user's JSON): the same.
        var signed = InitData.For(17_950) ;
        using (var req = InitData.Request(HttpMethod.Get, "/api/cart", signed.Replace("query_id=", "query_id=%00")))
        using (var reply = await host.Client.SendAsync(req)) Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM users WHERE telegram_id = 17950"));
        // The same user with a clean name signs in.
        using var fine = await host.Client.SendAsync(InitData.Request(HttpMethod.Post, "/api/users/validate", InitData.For(17_950, "Ali")));
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    [Fact]
    public async Task Image_and_banner_links_are_only_http_https_or_a_path_on_the_site()
    {
        await using var host = await StartAsync();
        string[] bad = ["javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html;base64,PHNjcmlwdD4=", "//evil.example/x.png",
            "/\\evil.example/x.png", "vbscript:msgbox", "file:///etc/passwd", "ftp://example.com/x.png", "http:/nohost", " javascript:alert(1)"];
        foreach (var url in bad)
        {
            var (p, pb) = await AdminAsync(host, HttpMethod.Post, "/api/admin/products", new { sku = "URL-" + Guid.NewGuid().ToString("N")[..8], name_uz = "X", price = 1000, image_url = url });
            Assert.True(p == HttpStatusCode.BadRequest && pb.GetProperty("errors").TryGetProperty("image_url", out _), $"product image_url {url}: {(int)p}");
            var (b, bb) = await AdminAsync(host, HttpMethod.Post, "/api/admin/banners", new { image_url = "/img/banners/1.svg", link_type = "url", link_url = url });
            Assert.True(b == HttpStatusCode.BadRequest && bb.GetProperty("errors").TryGetProperty("link_url", out _), $"banner link_url {url}: {(int)b}");
            var (i, _) = await AdminAsync(host, HttpMethod.Post, "/api/admin/banners", new { image_url = url });
            Assert.Equal(HttpStatusCode.BadRequest, i);
            var (c, _) = await AdminAsync(host, HttpMethod.Post, "/api/admin/categories", new { name_uz = "C", image_url = url });
            Assert.Equal(HttpStatusCode.BadRequest, c);
        }
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT (SELECT count(*) FROM products) + (SELECT count(*) FROM banners) + (SELECT count(*) FROM categories)"));

        var (made, product) = await AdminAsync(host, HttpMethod.Post, "/api/admin/products", new { sku = "URL-OK", name_uz = "X", price = 1000, image_url = "https://cdn.example.uz/a.png" });
        Assert.Equal(HttpStatusCode.Created, made);
        Assert.Equal("https://cdn.example.uz/a.png", product.GetProperty("image_url").GetString());
        var (banner, _) = await AdminAsync(host, HttpMethod.Post, "/api/admin/banners", new { image_url = "/img/banners/1.svg", link_type = "url", link_url = "http://t.me/amazing_store" });
        Assert.Equal(HttpStatusCode.Created, banner);
    }

    [Fact]
    public async Task Only_the_mini_apps_own_files_are_served_from_wwwroot()
    {
        await using var host = await StoreHost.StartAsync();
        Assert.True(File.Exists(Path.Combine(Store.RepoRoot, "wwwroot", "README.md")), "the test needs wwwroot/README.md");
        foreach (var path in new[] { "/README.md", "/readme.md", "/js/../README.md" })
        {
            using var reply = await host.Client.GetAsync(path);
            Assert.True(reply.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)reply.StatusCode}");
            Assert.DoesNotContain("Mini App (wwwroot)", await reply.Content.ReadAsStringAsync());
        }
        foreach (var (path, type) in new[] { ("/", "text/html"), ("/index.html", "text/html"), ("/app.css", "text/css"), ("/js/app.js", "text/javascript"), ("/img/banners/1.svg", "image/svg+xml") })
        {
            using var reply = await host.Client.GetAsync(path);
            Assert.True(reply.StatusCode == HttpStatusCode.OK, $"{path}: {(int)reply.StatusCode}");
            Assert.Equal(type, reply.Content.Headers.ContentType?.MediaType);
        }
    }
}
