using System.Net;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;
using Npgsql;

namespace AmazingStore.Tests.Foundation;

/// <summary>/metrics in Prometheus text: the named series move with the store's work, and only local callers read them.</summary>
public sealed class MetricsTests
{
    private static async Task<string> ScrapeAsync(StoreHost host, string? bearer = null, string? forwardedFor = null)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (bearer is not null) req.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        if (forwardedFor is not null) req.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        using var reply = await host.Client.SendAsync(req);
        return reply.StatusCode == HttpStatusCode.OK ? await reply.Content.ReadAsStringAsync() : $"HTTP {(int)reply.StatusCode}";
    }

    /// <summary>The sum of a series' samples (whose labels contain <paramref name="label"/>): "name{labels} value [timestamp]".</summary>
    private static double Value(string text, string series, string? label = null) =>
        text.Split('\n').Where(l => (l.StartsWith(series + "{", StringComparison.Ordinal) || l.StartsWith(series + " ", StringComparison.Ordinal))
                && (label is null || l.Contains(label, StringComparison.Ordinal)))
            .Select(l => l[(l.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : series.Length)..].Trim().Split(' ')[0])
            .Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0).Sum();

    private static async Task<string> ScrapeUntilAsync(StoreHost host, Func<string, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var text = await ScrapeAsync(host);
            if (condition(text)) return text;
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}:\n{text[..Math.Min(text.Length, 3000)]}");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task A_checkout_moves_the_order_counter_and_a_waiting_outbox_row_moves_the_backlog_gauge()
    {
        await using var host = await Shop.StartAsync();
        var database = new NpgsqlConnectionStringBuilder(host.ConnectionString).Database!;
        var product = await Shop.ProductAsync(host, "MET-1", 1000, 5);
        var first = await ScrapeAsync(host);
        Assert.Contains("# TYPE", first); // Prometheus text format
        var ordersBefore = Value(first, "amazing_store_orders_placed_total", "channel=\"amazing-store\"");

        await Shop.FillCartAsync(new Shopper(host, 8_300_001), (product, 1));
        Assert.Equal(HttpStatusCode.Created, (await Shop.PlaceAsync(host, 8_300_001)).Status);
        var after = await ScrapeUntilAsync(host, t => Value(t, "amazing_store_orders_placed_total", "channel=\"amazing-store\"") >= ordersBefore + 1, "the order counter");
        Assert.Contains("http_server_request_duration_seconds", after); // requests and latency

        // An outbox row that waits (its next attempt an hour away) shows in this database's backlog.
        await host.ScalarAsync<int>("INSERT INTO outbox_messages (type, payload, next_attempt_at, created_at) VALUES ('telegram.owner_order', '{}', now() + interval '1 hour', now() - interval '5 minutes')");
        var label = $"database=\"{database}\"";
        var waiting = await ScrapeUntilAsync(host, t => Value(t, "amazing_store_outbox_backlog", label) >= 1, "the backlog gauge");
        Assert.True(Value(waiting, "amazing_store_outbox_oldest_age_seconds", label) >= 290);

        // The test host's Bot API is a closed port: its set-up calls fail and are counted; the breaker has a state.
        var bot = await ScrapeUntilAsync(host, t => Value(t, "amazing_store_bot_api_errors_total", "kind=\"network\"") >= 1, "the Bot API error counter");
        Assert.Contains("amazing_store_circuit_open{", bot);
        Assert.Contains("circuit=\"telegram\"", bot);
    }

    [Fact]
    public async Task Metrics_are_not_served_through_a_proxy_nor_without_the_token_when_one_is_set()
    {
        await using (var host = await Shop.StartAsync())
        {
            Assert.Contains("# TYPE", await ScrapeAsync(host));
            Assert.Equal("HTTP 404", await ScrapeAsync(host, forwardedFor: "203.0.113.5"));
        }
        await using var guarded = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Metrics:Token"] = "scrape-secret-123" });
        Assert.Equal("HTTP 404", await ScrapeAsync(guarded));
        Assert.Equal("HTTP 404", await ScrapeAsync(guarded, bearer: "wrong"));
        Assert.Contains("# TYPE", await ScrapeAsync(guarded, bearer: "scrape-secret-123"));
    }
}
