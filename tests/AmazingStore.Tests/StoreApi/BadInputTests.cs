using System.Net;
using System.Text;
using System.Text.Json;
using AmazingStore.Tests.Infrastructure;

namespace AmazingStore.Tests.StoreApi;

/// <summary>Every Catalog/Users/Cart/Dev endpoint fed wrong input: a 4xx problem with a code, and nothing written.</summary>
public sealed class BadInputTests
{
    private const string Json = "application/json";
    private static readonly string Big = new('x', 100 * 1024);

    /// <summary>One bad request: method, path (MINE/THEIRS = a cart line of the caller / of another user), content type, body.</summary>
    private sealed record Case(string Method, string Path, string? ContentType = null, string? Body = null)
    {
        public override string ToString() => $"{Method} {Path} [{ContentType}] {(Body is { Length: > 60 } b ? b[..60] + "…" : Body)}";
    }

    private static IEnumerable<Case> Cases(int product)
    {
        string[] numbers = ["abc", "-1", "0", "2147483648", "1e30", "99999999999999999999"];
        // Catalog
        yield return new("GET", "/api/categories?lang=en");
        yield return new("GET", "/api/banners?lang=1");
        foreach (var n in numbers)
        {
            yield return new("GET", $"/api/products?page={n}");
            yield return new("GET", $"/api/products?limit={n}");
            if (n != "0" && n != "-1") yield return new("GET", $"/api/products?category_id={n}");
            yield return new("GET", $"/api/products/{n}");
            yield return new("POST", $"/api/users/favorites/{n}");
            // Telegram ids are 64-bit: 2^31 is a real one.
            if (n != "2147483648") yield return new("GET", $"/api/dev/init-data?telegram_id={n}");
            yield return new("PATCH", $"/api/cart/{n}", Json, """{"quantity":1}""");
            yield return new("DELETE", $"/api/cart/{n}");
        }
        yield return new("GET", "/api/products?limit=101");
        yield return new("GET", "/api/products?sort=cheap");
        yield return new("GET", "/api/products?lang=en");
        yield return new("GET", "/api/products?search=" + new string('q', 1000));
        yield return new("GET", "/api/products/999999");
        yield return new("POST", "/api/users/favorites/999999");
        yield return new("DELETE", "/api/users/favorites/999999");
        yield return new("DELETE", "/api/users/favorites/abc");

        // Bodies: every JSON endpoint gets the same malformed ones.
        var jsonEndpoints = new (string Method, string Path)[]
        {
            ("PUT", "/api/users/profile"), ("PUT", "/api/users/favorites"), ("POST", "/api/cart"), ("PATCH", "/api/cart/MINE"),
        };
        foreach (var (method, path) in jsonEndpoints)
        {
            yield return new(method, path, Json, "{\"quantity\": ");
            yield return new(method, path, Json, "not json at all");
            yield return new(method, path, Json, "");
            yield return new(method, path);
            yield return new(method, path, "text/plain", "{}");
            yield return new(method, path, "application/x-www-form-urlencoded", "quantity=1");
            yield return new(method, path, Json, "[]");
            yield return new(method, path, Json, "\"" + Big + "\"");
        }
        foreach (var v in new[] { "123", "true", "\"" + Big + "\"" })
        {
            yield return new("PUT", "/api/users/profile", Json, $$"""{"first_name":{{v}}}""");
        }
        yield return new("PUT", "/api/users/profile", Json, $$"""{"last_name":"{{Big}}"}""");
        yield return new("PUT", "/api/users/profile", Json, """{"phone":"12345"}""");
        yield return new("PUT", "/api/users/profile", Json, """{"language":"en"}""");
        yield return new("PUT", "/api/users/profile", Json, """{"first_name":""}""");
        foreach (var ids in new[] { "\"x\"", "[1e30]", "[-1]", "[2147483648]", "[\"1\"]", "[999999]", "{}", "null" })
            yield return new("PUT", "/api/users/favorites", Json, $$"""{"product_ids":{{ids}}}""");
        yield return new("PUT", "/api/users/favorites", Json, "{}");
        yield return new("PUT", "/api/users/favorites", Json,
            """{"product_ids":[""" + string.Join(',', Enumerable.Range(1_000_000, 20_000)) + "]}");
        foreach (var body in new[]
        {
            "{}", $$"""{"product_id":{{product}}}""", """{"quantity":1}""", $$"""{"product_id":"{{product}}","quantity":1}""",
            $$"""{"product_id":{{product}},"quantity":1e30}""", $$"""{"product_id":{{product}},"quantity":-1}""",
            $$"""{"product_id":{{product}},"quantity":0}""", $$"""{"product_id":{{product}},"quantity":2147483648}""",
            $$"""{"product_id":{{product}},"quantity":1.5}""", $$"""{"product_id":{{product}},"quantity":100000}""",
            """{"product_id":999999,"quantity":1}""", """{"product_id":-1,"quantity":1}""", """{"product_id":2147483648,"quantity":1}""",
            $$"""{"product_id":"{{Big}}","quantity":1}""",
        })
            yield return new("POST", "/api/cart", Json, body);
        foreach (var body in new[] { "{}", """{"quantity":-1}""", """{"quantity":1e30}""", """{"quantity":"two"}""", """{"quantity":100000}""" })
            yield return new("PATCH", "/api/cart/MINE", Json, body);
        yield return new("PATCH", "/api/cart/THEIRS", Json, """{"quantity":1}""");
        yield return new("DELETE", "/api/cart/THEIRS");
        yield return new("GET", "/api/cart?lang=en");
        yield return new("GET", "/api/dev/init-data?first_name=" + new string('n', 500));
        yield return new("GET", "/api/dev/init-data?language=en");
    }

    /// <summary>Row counts of every table a bad request could write to, and the users' own fields.</summary>
    private static Task<string?> SnapshotAsync(StoreHost host) => host.ScalarAsync<string>("""
        SELECT concat_ws(',',
            (SELECT count(*) FROM categories), (SELECT count(*) FROM products), (SELECT count(*) FROM inventory),
            (SELECT count(*) FROM inventory_movements), (SELECT count(*) FROM banners), (SELECT count(*) FROM favorites),
            (SELECT count(*) FROM orders), (SELECT count(*) FROM order_items), (SELECT count(*) FROM outbox_messages),
            (SELECT string_agg(concat_ws('|', id, product_id, quantity, price_snapshot), ';' ORDER BY id) FROM cart_items),
            (SELECT string_agg(concat_ws('|', id, first_name, last_name, phone, language), ';' ORDER BY id) FROM users),
            (SELECT sum(quantity) || '/' || sum(reserved_quantity) FROM inventory))
        """);

    [Fact]
    public async Task Every_bad_request_is_a_4xx_problem_with_a_code_and_writes_nothing()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Store:DemoMode"] = "true", ["RateLimits:PermitLimit"] = "100000",
        });
        var product = await host.ScalarAsync<int>("SELECT p.id FROM products p JOIN inventory i ON i.product_id = p.id WHERE p.is_active AND i.quantity > 5 ORDER BY p.id LIMIT 1");
        var me = new Shopper(host, 1101);
        var them = new Shopper(host, 1102);
        var mine = (await me.JsonAsync(HttpMethod.Post, "/api/cart", new { product_id = product, quantity = 1 })).GetProperty("items")[0].GetProperty("id").GetInt32();
        var theirs = (await them.JsonAsync(HttpMethod.Post, "/api/cart", new { product_id = product, quantity = 2 })).GetProperty("items")[0].GetProperty("id").GetInt32();
        var before = await SnapshotAsync(host);

        var failures = new List<string>();
        foreach (var c in Cases(product))
        {
            var path = c.Path.Replace("MINE", mine.ToString()).Replace("THEIRS", theirs.ToString());
            var req = InitData.Request(new HttpMethod(c.Method), path, InitData.For(1101));
            if (c.ContentType is not null) req.Content = new StringContent(c.Body ?? "", Encoding.UTF8, c.ContentType);
            if (c.ContentType is not null) req.Content!.Headers.ContentType = new(c.ContentType);
            using var reply = await host.Client.SendAsync(req);
            var status = (int)reply.StatusCode;
            var text = await reply.Content.ReadAsStringAsync();
            string? code = null;
            if (reply.Content.Headers.ContentType?.MediaType == "application/problem+json")
                try { code = JsonDocument.Parse(text).RootElement.GetProperty("code").GetString(); } catch (Exception) { }
            if (status is < 400 or >= 500 || string.IsNullOrEmpty(code))
                failures.Add($"{c} → {status} {(text.Length > 200 ? text[..200] : text)}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await SnapshotAsync(host));
    }
}
