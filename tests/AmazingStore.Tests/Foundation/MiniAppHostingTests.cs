using System.Net;
using System.Text.Json;
using AmazingStore.Tests.Infrastructure;

namespace AmazingStore.Tests.Foundation;

public sealed class MiniAppHostingTests
{
    private const string PageMark = "<div id=\"app\">";

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    [InlineData("/catalog/42")]
    public async Task The_page_answers_client_routes_revalidated_every_time(string path)
    {
        await using var host = await StoreHost.StartAsync();
        using var reply = await host.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal("text/html", reply.Content.Headers.ContentType?.MediaType);
        Assert.Contains(PageMark, await reply.Content.ReadAsStringAsync());
        Assert.True(reply.Headers.CacheControl?.NoCache, $"{path}: {reply.Headers.CacheControl}");
        Assert.NotNull(reply.Headers.ETag);

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(reply.Headers.ETag);
        using var revalidated = await host.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Theory]
    [InlineData("/js/app.js", "text/javascript", true)]
    [InlineData("/js/views/admin.js", "text/javascript", true)]
    [InlineData("/app.css", "text/css", true)]
    [InlineData("/img/categories/sport.svg", "image/svg+xml", false)]
    public async Task Modules_and_css_are_revalidated_by_etag_pictures_cached_a_day(string path, string type, bool revalidate)
    {
        await using var host = await StoreHost.StartAsync();
        using var reply = await host.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        Assert.Equal(type, reply.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(PageMark, await reply.Content.ReadAsStringAsync());
        var cache = reply.Headers.CacheControl;
        Assert.NotNull(cache);
        if (revalidate)
        {
            Assert.True(cache.NoCache, cache.ToString());
            using var again = new HttpRequestMessage(HttpMethod.Get, path);
            again.Headers.IfNoneMatch.Add(reply.Headers.ETag!);
            using var revalidated = await host.Client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        }
        else Assert.Equal(TimeSpan.FromDays(1), cache.MaxAge);
    }

    [Fact]
    public async Task Server_paths_missing_files_and_other_methods_never_get_the_page_nor_a_500()
    {
        await using var host = await StoreHost.StartAsync();
        string[] gets =
        [
            "/api", "/api/", "/api/no-such-thing", "/api/admin/no/such", "/telegram/webhook", "/telegram/other", "/webhooks/ozon",
            "/webhooks", "/health", "/health/other", "/hangfire", "/hangfire/jobs/enqueued", "/swagger/other/thing", "/openapi/v2.json",
            "/openapi", "/js/missing.js", "/img/none.svg", "/API/no-such-thing",
        ];
        foreach (var path in gets)
        {
            using var reply = await host.Client.GetAsync(path);
            var body = await reply.Content.ReadAsStringAsync();
            Assert.True(!body.Contains(PageMark) && (int)reply.StatusCode is >= 400 and < 500, $"GET {path} → {(int)reply.StatusCode} {body[..Math.Min(body.Length, 80)]}");
        }
        foreach (var path in new[] { "/", "/catalog/42", "/index.html" })
        {
            using var reply = await host.Client.PostAsync(path, new StringContent("{}"));
            Assert.True((int)reply.StatusCode is 404 or 405, $"POST {path} → {(int)reply.StatusCode}");
            Assert.DoesNotContain(PageMark, await reply.Content.ReadAsStringAsync());
        }
        foreach (var path in new[] { "/api", "/api/no-such-thing", "/API/x/y" })
        {
            using var reply = await host.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
            Assert.Equal("application/problem+json", reply.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await reply.Content.ReadAsStringAsync());
            Assert.Equal("not_found", problem.RootElement.GetProperty("code").GetString());
        }
    }
}
