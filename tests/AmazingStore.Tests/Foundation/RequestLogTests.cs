using System.Net.Http.Headers;
using AmazingStore.Tests.Faults;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.StoreApi;

namespace AmazingStore.Tests.Foundation;

public sealed class RequestLogTests
{
    [Fact]
    public async Task Each_request_is_one_serilog_line_with_its_path_and_status_never_its_query_or_credentials()
    {
        var (key, settings) = LogCapture.Settings();
        await using var host = await StoreHost.StartAsync(settings);
        var initData = InitData.For(4242);
        using (var req = new HttpRequestMessage(HttpMethod.Get, "/api/orders?tgWebAppData=" + Uri.EscapeDataString(initData)))
        {
            req.Headers.Authorization = new AuthenticationHeaderValue("tma", initData);
            using var reply = await host.Client.SendAsync(req);
            Assert.Equal(200, (int)reply.StatusCode);
        }
        using (var reply = await host.Client.PostAsync("/telegram/webhook?secret=query-secret-77", new StringContent("{}")))
            Assert.Equal(401, (int)reply.StatusCode);
        using (var reply = await host.Client.GetAsync("/health/live")) reply.EnsureSuccessStatusCode();

        var lines = LogCapture.Of(key).Where(l => l.Contains("SourceContext=\"Serilog.AspNetCore.RequestLoggingMiddleware\"")).ToList();
        Assert.Contains(lines, l => l.StartsWith("Information HTTP \"GET\" \"/api/orders\" responded 200"));
        Assert.Contains(lines, l => l.StartsWith("Information HTTP \"POST\" \"/telegram/webhook\" responded 401"));
        Assert.Contains(lines, l => l.StartsWith("Debug HTTP \"GET\" \"/health/live\" responded 200"));
        var hash = Uri.UnescapeDataString(initData.Split('&').Single(p => p.StartsWith("hash="))[5..]);
        foreach (var secret in new[] { hash, "tgWebAppData", "query-secret-77" })
            Assert.DoesNotContain(LogCapture.Of(key), l => l.Contains(secret, StringComparison.OrdinalIgnoreCase));
    }
}
