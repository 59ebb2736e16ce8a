using System.Net;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.StoreApi;

namespace AmazingStore.Tests.Security;

/// <summary>Issue 17 item 3: security headers on the page and the API, the API description in Production.</summary>
public sealed class HeaderTests
{
    private const long AdminId = 917_001;

    private static string Csp(HttpResponseMessage reply) =>
        reply.Headers.TryGetValues("Content-Security-Policy", out var v) ? string.Join(",", v) : "";

    private static string Header(HttpResponseMessage reply, string name) =>
        reply.Headers.TryGetValues(name, out var v) ? string.Join(",", v) : reply.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c) : "";

    [Fact]
    public async Task The_page_allows_telegram_to_frame_it_and_run_its_sdk_and_nothing_else()
    {
        await using var host = await StoreHost.StartAsync();
        foreach (var path in new[] { "/", "/index.html", "/catalog/42" })
        {
            using var page = await host.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            var csp = Csp(page);
            var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .ToDictionary(d => d.Split(' ')[0], d => d.Split(' ').Skip(1).ToArray());
            Assert.Equal(["'self'", "https://telegram.org"], directives["script-src"]);
            Assert.Contains("https://web.telegram.org", directives["frame-ancestors"]);
            Assert.DoesNotContain("*", directives["frame-ancestors"]);
            Assert.Equal(["'none'"], directives["object-src"]);
            Assert.Equal(["'self'"], directives["connect-src"]);
            Assert.False(page.Headers.Contains("X-Frame-Options"), "X-Frame-Options would blank the app in Telegram's web clients");
            Assert.Equal("nosniff", Header(page, "X-Content-Type-Options"));
            Assert.Equal("no-referrer", Header(page, "Referrer-Policy"));
        }
        // The page has nothing the policy would block: no inline script, no script from elsewhere.
        var html = await host.Client.GetStringAsync("/");
        foreach (var tag in html.Split("<script").Skip(1))
        {
            var src = tag.Split('>')[0];
            Assert.True(src.Contains("src=\"/", StringComparison.Ordinal) || src.Contains("src=\"https://telegram.org/", StringComparison.Ordinal), "<script" + src);
        }
        using var module = await host.Client.GetAsync("/js/app.js");
        Assert.Equal("nosniff", Header(module, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task Signed_in_api_replies_are_never_stored_and_every_reply_says_nosniff()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Telegram:AdminIds:0"] = AdminId.ToString() });
        var customer = InitData.For(917_002);
        var admin = InitData.For(AdminId);
        foreach (var (path, initData) in new[] { ("/api/users/profile", customer), ("/api/cart", customer), ("/api/orders", customer), ("/api/products", customer), ("/api/admin/orders", admin), ("/api/admin/marketplaces", admin) })
        {
            using var reply = await host.Client.SendAsync(InitData.Request(HttpMethod.Get, path, initData));
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            Assert.True(reply.Headers.CacheControl?.NoStore == true, $"{path}: Cache-Control {reply.Headers.CacheControl}");
            Assert.Equal("nosniff", Header(reply, "X-Content-Type-Options"));
            Assert.Contains("frame-ancestors", Csp(reply));
        }
        // Refusals too (a 401/403 is about a credential).
        using (var refused = await host.Client.SendAsync(InitData.Request(HttpMethod.Get, "/api/admin/orders", customer)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.True(refused.Headers.CacheControl?.NoStore == true);
        }
        using var anonymous = await host.Client.GetAsync("/api/products");
        Assert.Equal("nosniff", Header(anonymous, "X-Content-Type-Options"));
        using var missing = await host.Client.GetAsync("/api/no-such-thing");
        Assert.Equal("nosniff", Header(missing, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task In_production_the_api_description_is_not_served()
    {
        await using var host = await StoreHost.StartAsync(environment: "Production");
        foreach (var path in new[] { "/swagger", "/swagger/index.html", "/openapi/v1.json" })
        {
            using var reply = await host.Client.GetAsync(path);
            Assert.True(reply.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)reply.StatusCode}");
        }
    }

    [Fact]
    public async Task In_production_when_configured_on_the_description_is_for_admins_and_never_names_the_host_header()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["OpenApi:Enabled"] = "true",
            ["Telegram:AdminIds:0"] = AdminId.ToString(),
        }, environment: "Production");
        using (var anonymous = await host.Client.GetAsync("/openapi/v1.json"))
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        using (var customer = await host.Client.SendAsync(InitData.Request(HttpMethod.Get, "/openapi/v1.json", InitData.For(917_003))))
            Assert.Equal(HttpStatusCode.Forbidden, customer.StatusCode);
        using (var ui = await host.Client.GetAsync("/swagger/index.html"))
            Assert.Equal(HttpStatusCode.NotFound, ui.StatusCode);

        using var request = InitData.Request(HttpMethod.Get, "/openapi/v1.json", InitData.For(AdminId));
        request.Headers.Host = "attacker.example";
        using var reply = await host.Client.SendAsync(request);
        var text = await reply.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Contains("/api/admin/orders", text);
        Assert.DoesNotContain("attacker.example", text);
        Assert.DoesNotContain(host.BaseAddress.Authority, text);
    }

    [Fact]
    public async Task Outside_production_the_description_is_open_and_its_server_is_the_configured_one_never_the_host_header()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["OpenApi:ServerUrl"] = "https://shop.example.uz" });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "attacker.example";
        using var reply = await host.Client.SendAsync(request);
        var text = await reply.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.DoesNotContain("attacker.example", text);
        Assert.Contains("https://shop.example.uz", text);
    }
}
