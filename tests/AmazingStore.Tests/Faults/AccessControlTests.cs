using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Marketplaces;
using AmazingStore.Tests.StoreApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using static AmazingStore.Tests.Faults.FaultKit;

namespace AmazingStore.Tests.Faults;

public sealed class AccessControlTests
{
    private const long Alice = 60_001, Bob = 60_002;

    /// <summary>Every API endpoint of the running host: HTTP method and route pattern.</summary>
    internal static List<(string Method, string Pattern)> Endpoints(StoreHost host) =>
        host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, e.RoutePattern.RawText ?? "")))
            .Where(e => (e.Item2.StartsWith("/api/") || e.Item2.StartsWith("/telegram/")) && !e.Item2.Contains("**"))
            .Distinct().ToList();

    internal static string Fill(string pattern, int id) => Regex.Replace(pattern, @"\{[^}]+\}", id.ToString());

    [Fact]
    public async Task Other_users_ids_are_404_admin_endpoints_are_403_and_no_reply_or_log_line_carries_a_secret()
    {
        var (logKey, logSettings) = LogCapture.Settings();
        await using var fake = await FakeBotApi.StartAsync();
        var settings = BotTestKit.Settings(fake, ("RateLimits:Enabled", "false"), ("RateLimits:PermitLimit", "100000"));
        foreach (var (k, v) in logSettings) settings[k] = v;
        await using var host = await StoreHost.StartAsync(settings);
        var cs = host.ConnectionString;
        var product = await ProductAsync(cs, "ACL-1", 20);
        var replies = new List<string>();
        async Task<int> Send(HttpRequestMessage req)
        {
            using (req)
            using (var reply = await host.Client.SendAsync(req))
            {
                replies.Add(reply.Headers + "\n" + reply.Content.Headers + "\n" + await reply.Content.ReadAsStringAsync());
                return (int)reply.StatusCode;
            }
        }

        // Alice has an order, a cart line and a favourite.
        var sentInitData = new List<string> { InitData.For(Alice), InitData.For(Bob) };
        await Send(As(Alice, HttpMethod.Post, "/api/cart", new { product_id = product, quantity = 1 }));
        Assert.Equal(201, await Send(As(Alice, HttpMethod.Post, "/api/orders", Checkout)));
        var orderId = await ScalarAsync<int>(cs, "SELECT id FROM orders");
        await Send(As(Alice, HttpMethod.Post, "/api/cart", new { product_id = product, quantity = 2 }));
        var lineId = await ScalarAsync<int>(cs, "SELECT id FROM cart_items");
        Assert.InRange(await Send(As(Alice, HttpMethod.Post, $"/api/users/favorites/{product}")), 200, 204);

        // Customer endpoints that take an id of the caller's own rows, asked by Bob with Alice's ids.
        var endpoints = Endpoints(host);
        var owned = endpoints.Where(e => e.Pattern.Contains("{id") && !e.Pattern.StartsWith("/api/admin")
            && (e.Pattern.StartsWith("/api/orders") || e.Pattern.StartsWith("/api/cart"))).ToList();
        Assert.True(owned.Count >= 4, string.Join(", ", owned));
        foreach (var (method, pattern) in owned)
        {
            var id = pattern.StartsWith("/api/orders") ? orderId : lineId;
            var status = await Send(As(Bob, new HttpMethod(method), Fill(pattern, id), new { quantity = 1 }));
            Assert.True(status == 404, $"{method} {Fill(pattern, id)} as another user → {status}");
        }
        Assert.Equal("pending", await ScalarAsync<string>(cs, "SELECT status FROM orders WHERE id = $1", orderId));
        Assert.Equal(2, await ScalarAsync<int>(cs, "SELECT quantity FROM cart_items WHERE id = $1", lineId));
        // Lists only show the caller's own rows.
        Assert.Equal(0, (await ListAsync(host, Bob, "/api/orders")).GetProperty("items").GetArrayLength());
        Assert.Equal(0, (await ListAsync(host, Bob, "/api/cart")).GetProperty("items").GetArrayLength());
        Assert.Equal(1L, await ScalarAsync<long>(cs, "SELECT count(*) FROM favorites"));

        // Every admin endpoint as a signed-in non-admin.
        var admin = endpoints.Where(e => e.Pattern.StartsWith("/api/admin")).ToList();
        Assert.True(admin.Count >= 15, $"only {admin.Count} admin endpoints found");
        foreach (var (method, pattern) in admin)
        {
            var status = await Send(As(Bob, new HttpMethod(method), Fill(pattern, product), new { status = "cancelled", change = 5, set = 0, name_uz = "X", sku = "X", price = 1 }));
            Assert.True(status == 403, $"{method} {pattern} as a non-admin → {status}");
        }
        Assert.Equal("pending", await ScalarAsync<string>(cs, "SELECT status FROM orders WHERE id = $1", orderId));

        // Forged initData (Alice's, signed with another token) and a forged webhook: refused, and echoed nowhere.
        var forged = InitData.For(Alice, botToken: "7000000001:someone_elses_token");
        sentInitData.Add(forged);
        using (var req = new HttpRequestMessage(HttpMethod.Get, "/api/orders"))
        {
            req.Headers.Authorization = new AuthenticationHeaderValue("tma", forged);
            Assert.Equal(401, await Send(req));
        }
        var webhook = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent("{\"update_id\":1}", Encoding.UTF8, "application/json") };
        webhook.Headers.Add("X-Telegram-Bot-Api-Secret-Token", "wrong-secret");
        Assert.Equal(401, await Send(webhook));
        // A bot call that fails is logged: the token must not ride along (fake answers 500 then drops).
        fake.Script("sendMessage", new FakeBotApi.Reply.Http500(), new FakeBotApi.Reply.Drop());
        await Send(As(Alice, HttpMethod.Post, "/api/orders", Checkout));
        await fake.WaitForAsync(c => c.Count(x => x.Method == "sendMessage") >= 4, TimeSpan.FromSeconds(15), "notifications with failures");

        var hashes = sentInitData.Select(d => Uri.UnescapeDataString(d.Split('&').Single(p => p.StartsWith("hash="))[5..])).ToList();
        var secrets = new List<string> { StoreHost.BotToken, StoreHost.BotToken.Split(':')[1], BotTestKit.Secret }.Concat(hashes).ToList();
        var logs = LogCapture.Of(logKey);
        Assert.True(logs.Count > 10, $"the capture saw only {logs.Count} log lines");
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(replies, r => r.Contains(secret, StringComparison.OrdinalIgnoreCase));
            var leak = logs.FirstOrDefault(l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.True(leak is null, $"a log line carries a secret: {leak}");
        }
    }

    [Fact]
    public async Task Marketplace_keys_set_through_the_admin_API_appear_in_no_reply_no_log_line_and_no_stored_text()
    {
        var (logKey, logSettings) = LogCapture.Settings();
        // Outbound HTTP logged at its most verbose: headers would show here if anything logged them.
        logSettings["Serilog:MinimumLevel:Override:System.Net.Http"] = "Verbose";
        logSettings["Serilog:MinimumLevel:Override:Polly"] = "Verbose";
        logSettings["RateLimits:Enabled"] = "false";
        logSettings["RateLimits:PermitLimit"] = "100000";
        logSettings["Marketplaces:MaxRetries"] = "1";
        await using var bed = await MarketplaceBed.StartAsync(logSettings, configure: false);
        var replies = new List<string>();
        async Task<int> Admin(HttpMethod method, string path, object? body = null)
        {
            using var req = InitData.Request(method, path, bed.AdminInitData, body);
            using var reply = await bed.Host.Client.SendAsync(req);
            replies.Add(reply.Headers + "\n" + reply.Content.Headers + "\n" + await reply.Content.ReadAsStringAsync());
            return (int)reply.StatusCode;
        }

        // Credentials set (and one refused update carrying a key) through the admin API.
        Assert.Equal(200, await Admin(HttpMethod.Put, "/api/admin/marketplaces/uzum", new { api_base_url = bed.Uzum.Url, settings = new { shop_id = "77" }, credentials = new { api_key = MarketplaceBed.UzumToken } }));
        Assert.Equal(200, await Admin(HttpMethod.Put, "/api/admin/marketplaces/wildberries", new
        {
            api_base_url = bed.Wb.Url,
            settings = new { warehouse_id = MarketplaceBed.WbWarehouse, prices_api_base_url = bed.Wb.Url, content_api_base_url = bed.Wb.Url },
            credentials = new { api_key = MarketplaceBed.WbToken },
        }));
        Assert.Equal(200, await Admin(HttpMethod.Put, "/api/admin/marketplaces/ozon", new
        {
            api_base_url = bed.Ozon.Url, settings = new { warehouse_id = MarketplaceBed.OzonWarehouse, seller_id = "15" },
            credentials = new { client_id = MarketplaceBed.OzonClient, api_key = MarketplaceBed.OzonKey },
        }));
        Assert.Equal(400, await Admin(HttpMethod.Put, "/api/admin/marketplaces/ozon", new
        {
            api_base_url = "ftp://nowhere", sync_interval_minutes = -1, credentials = new { client_id = MarketplaceBed.OzonClient, api_key = MarketplaceBed.OzonKey },
        }));
        var p1 = await bed.AddProductAsync("KEY-1", 1000, 5);
        var p2 = await bed.AddProductAsync("KEY-2", 1000, 6);
        await bed.MapEverywhereAsync((p1, 1), (p2, 2));

        // Syncs that succeed, and ones that fail in every way a log line gets written: 5xx bodies, dropped connections, per-item errors.
        foreach (var slug in new[] { "uzum", "wildberries", "ozon" })
            Assert.Equal(202, await Admin(HttpMethod.Post, $"/api/admin/marketplaces/{slug}/sync", new { type = "all" }));
        await MarketplaceBed.WaitUntilAsync(async () => await bed.Host.ScalarAsync<long>("SELECT count(*) FROM sync_logs WHERE trigger_type = 'manual'") >= 9,
            TimeSpan.FromSeconds(30), "stock, price and order syncs of all three");
        bed.Uzum.Script.Enqueue(new FakeReply(500, """{"payload":null,"errors":[{"code":"internal","message":"boom"}],"error":"internal"}"""));
        bed.Uzum.Script.Enqueue(new FakeReply(500, """{"payload":null,"errors":[{"code":"internal","message":"boom"}],"error":"internal"}"""));
        bed.Wb.Drop = true;
        bed.Ozon.FailOnce["OFFER-1"] = true;
        // Something new to push (written directly, so no outbox push races the manual runs).
        await bed.Host.ScalarAsync<int>("UPDATE inventory SET quantity = quantity + 1 RETURNING 1");
        foreach (var slug in new[] { "uzum", "wildberries", "ozon" })
            Assert.Equal(202, await Admin(HttpMethod.Post, $"/api/admin/marketplaces/{slug}/sync", new { type = "stock" }));
        // Uzum fails (5xx twice), WB fails (dropped), OZON is partial.
        await MarketplaceBed.WaitUntilAsync(async () => await bed.Host.ScalarAsync<long>("SELECT count(*) FROM sync_logs WHERE status IN ('failed', 'partial')") >= 3,
            TimeSpan.FromSeconds(30), "three failed or partial stock runs");
        foreach (var slug in new[] { "uzum", "wildberries", "ozon" })
        {
            Assert.Equal(200, await Admin(HttpMethod.Get, $"/api/admin/marketplaces/{slug}/products"));
            Assert.Equal(200, await Admin(HttpMethod.Get, $"/api/admin/sync-logs?marketplace={slug}"));
        }
        Assert.Equal(200, await Admin(HttpMethod.Get, "/api/admin/marketplaces"));
        Assert.Equal(200, await Admin(HttpMethod.Get, "/api/admin/sync-logs?limit=100"));

        // The keys really were used: the fakes saw them.
        Assert.Contains(bed.Uzum.Requests, r => r.Header("Authorization") == MarketplaceBed.UzumToken);
        Assert.Contains(bed.Wb.Requests, r => r.Header("Authorization") == MarketplaceBed.WbToken);
        Assert.Contains(bed.Ozon.Requests, r => r.Header("Api-Key") == MarketplaceBed.OzonKey);

        var secrets = new[] { MarketplaceBed.UzumToken, MarketplaceBed.WbToken, MarketplaceBed.OzonKey };
        var logs = LogCapture.Of(logKey);
        Assert.True(logs.Count > 20, $"the capture saw only {logs.Count} log lines");
        // Every marketplace request is logged (without its headers).
        Assert.Contains(logs, l => l.Contains("MarketplaceRequestLogger", StringComparison.Ordinal) && l.Contains("answered 500", StringComparison.Ordinal));
        var stored = await bed.Host.ScalarAsync<string>("""
            SELECT concat_ws(' ', (SELECT string_agg(concat_ws(' ', settings::text, credentials_encrypted, api_base_url), ' ') FROM marketplaces),
                                  (SELECT string_agg(coalesce(error_message, ''), ' ') FROM sync_logs),
                                  (SELECT string_agg(coalesce(sync_error, ''), ' ') FROM marketplace_products),
                                  (SELECT string_agg(coalesce(last_error, ''), ' ') FROM outbox_messages))
            """);
        foreach (var secret in secrets)
        {
            var inReply = replies.FirstOrDefault(r => r.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.True(inReply is null, $"an API reply carries a marketplace key: {inReply}");
            var leak = logs.FirstOrDefault(l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
            Assert.True(leak is null, $"a log line carries a marketplace key: {leak}");
            Assert.DoesNotContain(secret, stored ?? "");
        }
    }

    private static async Task<JsonElement> ListAsync(StoreHost host, long user, string path)
    {
        var (status, text) = await SendAsync(host.Client, As(user, HttpMethod.Get, path));
        Assert.Equal(200, status);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
