using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.StoreApi;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>The Hangfire dashboard at /hangfire: admins only, through a short-lived session from the Mini App or the bot.</summary>
public sealed class ScheduleDashboardTests
{
    private const long Admin = 88_001, Customer = 88_002;
    private const string Cookie = "store_dashboard";

    private static Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra)
    {
        var s = new Dictionary<string, string?> { ["Telegram:AdminIds:0"] = Admin.ToString(), ["Marketplaces:SchedulerEnabled"] = "false" };
        foreach (var (k, v) in extra) s[k] = v;
        return s;
    }

    /// <summary>A client that keeps no cookies: each request says exactly what it carries.</summary>
    private static HttpClient Bare(StoreHost host) =>
        new(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(HttpClient client, string path, string? cookie = null, string? initData = null)
    {
        using var req = initData is null ? new HttpRequestMessage(HttpMethod.Get, path) : InitData.Request(HttpMethod.Get, path, initData);
        if (cookie is not null) req.Headers.Add("Cookie", $"{Cookie}={cookie}");
        using var reply = await client.SendAsync(req);
        return (reply.StatusCode, await reply.Content.ReadAsStringAsync());
    }

    /// <summary>The session cookie a reply set (its value) and the whole Set-Cookie line.</summary>
    private static (string Value, string Line) SessionCookie(HttpResponseMessage reply)
    {
        var line = Assert.Single(reply.Headers.GetValues("Set-Cookie"), l => l.StartsWith(Cookie + "="));
        return (line[(Cookie.Length + 1)..line.IndexOf(';')], line);
    }

    private static async Task<(string Cookie, string Line, JsonElement Body)> SessionAsync(HttpClient client, long telegramId)
    {
        using var reply = await client.SendAsync(InitData.Request(HttpMethod.Post, "/api/admin/dashboard-session", InitData.For(telegramId)));
        var text = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.StatusCode == HttpStatusCode.OK, text);
        var (value, line) = SessionCookie(reply);
        return (value, line, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static void AssertDashboard((HttpStatusCode Status, string Body) r)
    {
        Assert.Equal(HttpStatusCode.OK, r.Status);
        Assert.Contains("Amazing Store jobs", r.Body);
        Assert.Contains("hangfire", r.Body);
    }

    private static void AssertRefused((HttpStatusCode Status, string Body) r, HttpStatusCode expected)
    {
        Assert.Equal(expected, r.Status);
        Assert.DoesNotContain("Amazing Store jobs", r.Body);
    }

    [Theory]
    [InlineData("Testing")]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Anonymous_requests_never_get_the_dashboard_in_any_environment(string environment)
    {
        await using var host = await StoreHost.StartAsync(Settings(), environment: environment);
        using var client = Bare(host);
        foreach (var path in new[] { "/hangfire", "/hangfire/", "/hangfire/jobs/enqueued", "/hangfire/stats" })
            AssertRefused(await GetAsync(client, path), HttpStatusCode.Unauthorized);
        // The loopback address is no pass either (Hangfire's default filter lets local requests in).
        AssertRefused(await GetAsync(client, "/hangfire", cookie: "not-a-session"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_non_admin_is_refused_a_session_and_the_dashboard_and_an_admin_gets_both()
    {
        await using var host = await StoreHost.StartAsync(Settings());
        using var client = Bare(host);

        using (var refused = await client.SendAsync(InitData.Request(HttpMethod.Post, "/api/admin/dashboard-session", InitData.For(Customer))))
        {
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.False(refused.Headers.Contains("Set-Cookie"));
        }
        // Signed in, but not an admin: 403, not the page.
        AssertRefused(await GetAsync(client, "/hangfire", initData: InitData.For(Customer)), HttpStatusCode.Forbidden);

        var (cookie, line, body) = await SessionAsync(client, Admin);
        Assert.Contains("path=/hangfire", line);
        Assert.Contains("httponly", line);
        Assert.Contains("samesite=strict", line);
        Assert.Equal("/hangfire", body.GetProperty("dashboard_url").GetString());
        AssertDashboard(await GetAsync(client, "/hangfire", cookie));
        AssertDashboard(await GetAsync(client, "/hangfire/recurring", cookie));
        // An admin's initData alone opens it too (API clients).
        AssertDashboard(await GetAsync(client, "/hangfire", initData: InitData.For(Admin)));
    }

    [Fact]
    public async Task A_forged_or_altered_cookie_is_refused_and_a_session_expires()
    {
        await using var host = await StoreHost.StartAsync(Settings(("Jobs:DashboardSessionLifetime", "00:00:02")));
        using var client = Bare(host);
        var (cookie, _, _) = await SessionAsync(client, Admin);
        AssertDashboard(await GetAsync(client, "/hangfire", cookie));

        // One character changed anywhere in the protected payload breaks its signature.
        var middle = cookie.Length / 2;
        var altered = cookie[..middle] + (cookie[middle] == 'A' ? 'B' : 'A') + cookie[(middle + 1)..];
        AssertRefused(await GetAsync(client, "/hangfire", altered), HttpStatusCode.Unauthorized);
        // A session from another host's key ring (another store) means nothing here.
        await using var other = await StoreHost.StartAsync(Settings());
        using var otherClient = Bare(other);
        var (foreign, _, _) = await SessionAsync(otherClient, Admin);
        AssertRefused(await GetAsync(client, "/hangfire", foreign), HttpStatusCode.Unauthorized);

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        AssertRefused(await GetAsync(client, "/hangfire", cookie), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_one_time_link_opens_a_session_once()
    {
        await using var host = await StoreHost.StartAsync(Settings());
        using var client = Bare(host);
        var (_, _, body) = await SessionAsync(client, Admin);
        var link = new Uri(body.GetProperty("link").GetString()!);
        Assert.Equal("/hangfire/login", link.AbsolutePath);

        using (var first = await client.GetAsync(link.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.True(first.Headers.CacheControl?.NoStore);
            // A page that moves on by itself, not a redirect (a Strict cookie is not sent on a cross-site redirect).
            Assert.Contains("url=/hangfire", await first.Content.ReadAsStringAsync());
            AssertDashboard(await GetAsync(client, "/hangfire", SessionCookie(first).Value));
        }
        using (var again = await client.GetAsync(link.PathAndQuery))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
            Assert.False(again.Headers.Contains("Set-Cookie"));
        }
        var token = Uri.UnescapeDataString(link.Query[(link.Query.IndexOf('=') + 1)..]);
        foreach (var forged in new[] { token[..^2] + (token[^2] == 'x' ? "yy" : "xx"), "garbage", "" })
            using (var reply = await client.GetAsync("/hangfire/login?token=" + Uri.EscapeDataString(forged)))
                Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
    }

    [Fact]
    public async Task The_bot_gives_an_admin_a_dashboard_link_and_a_customer_nothing()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(BotTestKit.Settings(fake, ("Marketplaces:SchedulerEnabled", "false")));
        await BotTestKit.PostAsync(host, BotTestKit.Message(BotTestKit.CustomerId, "/jobs", language: "ru"));
        await BotTestKit.PostAsync(host, BotTestKit.Message(BotTestKit.AdminId, "/jobs", language: "ru"));
        await BotTestKit.WaitHandledAsync(host, 2);

        Assert.Contains("только администраторам", BotTestKit.Text(Assert.Single(fake.Sent(BotTestKit.CustomerId))));
        var reply = BotTestKit.Text(Assert.Single(fake.Sent(BotTestKit.AdminId)));
        var href = Regex.Match(reply, "href=\"([^\"]+)\"").Groups[1].Value.Replace("&amp;", "&");
        var link = new Uri(href);
        // On the store's public address (the Mini App's host).
        Assert.Equal(new Uri(BotTestKit.MiniAppUrl).Host, link.Host);
        Assert.Equal("/hangfire/login", link.AbsolutePath);

        using var client = Bare(host);
        using var exchanged = await client.GetAsync(link.PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, exchanged.StatusCode);
        AssertDashboard(await GetAsync(client, "/hangfire", SessionCookie(exchanged).Value));
    }
}
