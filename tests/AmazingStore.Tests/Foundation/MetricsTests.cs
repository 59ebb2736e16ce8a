using System.Net;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;
using Npgsql;

namespace AmazingStore.Tests.Foundation;

/// <summary>/metrics in Prometheus text: the named series move with the store's work, and only local callers read them.</summary>
public sealed class MetricsTests
{
    private static Task<string> ScrapeAsync(StoreHost host, string? bearer = null, string? forwardedFor = null) =>
        ScrapeAsync(host.Client, bearer, forwardedFor);

    private static async Task<string> ScrapeAsync(HttpClient client, string? bearer = null, string? forwardedFor = null)
    {
        using var req = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (bearer is not null) req.Headers.TryAddWithoutValidation("Authorization", "Bearer " + bearer);
        if (forwardedFor is not null) req.Headers.TryAddWithoutValidation("X-Forwarded-For", forwardedFor);
        using var reply = await client.SendAsync(req);
        return reply.StatusCode == HttpStatusCode.OK ? await reply.Content.ReadAsStringAsync() : $"HTTP {(int)reply.StatusCode}";
    }

    /// <summary>The sum of a series' samples (whose labels contain <paramref name="label"/>): "name{labels} value [timestamp]".</summary>
    private static double Value(string text, string series, string? label = null) =>
        text.Split('\n').Where(l => (l.StartsWith(series + "{", StringComparison.Ordinal) || l.StartsWith(series + " ", StringComparison.Ordinal))
                && (label is null || l.Contains(label, StringComparison.Ordinal)))
            .Select(l => l[(l.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : series.Length)..].Trim().Split(' ')[0])
            .Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture))
            .DefaultIfEmpty(0).Sum();

    private static async Task<string> ScrapeUntilAsync(HttpClient client, Func<string, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var text = await ScrapeAsync(client);
            if (condition(text)) return text;
            if (DateTime.UtcNow > deadline) Assert.Fail($"timed out waiting for {what}:\n{text[..Math.Min(text.Length, 3000)]}");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task A_checkout_moves_the_order_counter_and_a_waiting_outbox_row_moves_the_backlog_gauge()
    {
        // One store per process, as in production: ASP.NET Core's own meters belong to their host, and the many
        // hosts of this test process would each claim the same instrument names.
        var cs = await TestPostgres.CreateDatabaseAsync();
        await using var store = await StoreProcess.StartAsync(cs, new Dictionary<string, string?> { ["RateLimits:Enabled"] = "false" });
        var database = new NpgsqlConnectionStringBuilder(cs).Database!;
        int product;
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var insert = new NpgsqlCommand(
                "WITH p AS (INSERT INTO products (sku, name_uz, price) VALUES ('MET-1', 'Metrika', 1000) RETURNING id) " +
                "INSERT INTO inventory (product_id, quantity) SELECT id, 5 FROM p RETURNING product_id", conn);
            product = (int)(await insert.ExecuteScalarAsync())!;
        }
        var first = await ScrapeAsync(store.Client);
        Assert.Contains("# TYPE", first); // Prometheus text format
        var ordersBefore = Value(first, "amazing_store_orders_placed_total", "channel=\"amazing-store\"");

        var buyer = InitData.For(8_300_001);
        using (var cart = await store.Client.SendAsync(InitData.Request(HttpMethod.Post, "/api/cart", buyer, new { product_id = product, quantity = 1 })))
            Assert.True(cart.IsSuccessStatusCode, $"cart: {(int)cart.StatusCode}");
        using (var order = await store.Client.SendAsync(InitData.Request(HttpMethod.Post, "/api/orders", buyer, Shop.Checkout)))
            Assert.Equal(HttpStatusCode.Created, order.StatusCode);
        var after = await ScrapeUntilAsync(store.Client, t => Value(t, "amazing_store_orders_placed_total", "channel=\"amazing-store\"") >= ordersBefore + 1, "the order counter");
        Assert.Contains("http_server_request_duration_seconds", after); // requests and latency

        // An outbox row that waits (its next attempt an hour away) shows in this database's backlog.
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync();
            await using var wait = new NpgsqlCommand("INSERT INTO outbox_messages (type, payload, next_attempt_at, created_at) " +
                "VALUES ('telegram.owner_order', '{}', now() + interval '1 hour', now() - interval '5 minutes')", conn);
            await wait.ExecuteNonQueryAsync();
        }
        var label = $"database=\"{database}\"";
        // The checkout's own owner notification waits too (the Bot API is a closed port), so the backlog may read 1
        // before this row is seen: wait for the reading that includes it (its age), then check the count with it.
        var waiting = await ScrapeUntilAsync(store.Client, t => Value(t, "amazing_store_outbox_oldest_age_seconds", label) >= 290, "the oldest row's age");
        Assert.True(Value(waiting, "amazing_store_outbox_backlog", label) >= 1);

        // The store's Bot API is a closed port: its set-up calls fail and are counted; the breaker has a state.
        var bot = await ScrapeUntilAsync(store.Client, t => Value(t, "amazing_store_bot_api_errors_total", "kind=\"network\"") >= 1, "the Bot API error counter");
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
