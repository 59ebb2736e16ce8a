using System.Diagnostics;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Marketplaces;
using static AmazingStore.Tests.Faults.FaultKit;

namespace AmazingStore.Tests.Faults;

public sealed class SlowPeerTests
{
    [Fact]
    public async Task A_hanging_or_dropping_Bot_API_times_out_within_budget_and_does_not_slow_customers()
    {
        await using var fake = await FakeBotApi.StartAsync();
        // A 1 s budget per Bot API call (the kit's default is 3 s): what the retry check below relies on.
        await using var host = await StoreHost.StartAsync(BotTestKit.Settings(fake,
            ("RateLimits:Enabled", "false"), ("RateLimits:PermitLimit", "100000"), ("Telegram:RequestTimeoutSeconds", "1")));
        var cs = host.ConnectionString;
        var product = await ProductAsync(cs, "SLOW-1", 500);
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        for (var i = 0; i < 20; i++) (await client.GetAsync("/api/products")).Dispose(); // warm-up
        var before = await P99Async(client);

        fake.Always("sendMessage", new FakeBotApi.Reply.Hang());
        var placed = 0;
        for (var u = 0; u < 6; u++, placed++)
        {
            await SendAsync(client, As(52_000 + u, HttpMethod.Post, "/api/cart", new { product_id = product, quantity = 1 }));
            var (status, _) = await SendAsync(client, As(52_000 + u, HttpMethod.Post, "/api/orders", Checkout));
            Assert.Equal(201, status); // checkout never waits for Telegram
        }
        await fake.WaitForAsync(c => c.Count(x => x.Method == "sendMessage") >= 2, TimeSpan.FromSeconds(10), "sends to the hanging API");
        var whileHanging = await P99Async(client);

        // Each hanging send is given up after the 1 s budget and retried: the fake sees the next one within the
        // budget plus the outbox's first backoffs, with room for a loaded 2-core machine (6 s, not the 3 s a
        // retry storm-free run takes).
        var clock = Stopwatch.StartNew();
        var seen = fake.Calls.Count(x => x.Method == "sendMessage");
        await fake.WaitForAsync(c => c.Count(x => x.Method == "sendMessage") > seen, TimeSpan.FromSeconds(6), "a retry after the timeout");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(6));

        fake.Always("sendMessage", new FakeBotApi.Reply.Drop());
        await Task.Delay(1500);
        var whileDropping = await P99Async(client);

        // The peer comes back: every notification is delivered, once.
        fake.Always("sendMessage", null);
        await fake.WaitForAsync(_ => fake.Sent(BotTestKit.OwnerChatId).Count >= placed, TimeSpan.FromSeconds(20), "all notifications after recovery");
        Assert.Equal(placed, fake.Sent(BotTestKit.OwnerChatId).Count);

        Assert.True(whileHanging < TimeSpan.FromMilliseconds(200), $"p99 while the peer hangs: {whileHanging} (before: {before})");
        Assert.True(whileDropping < TimeSpan.FromMilliseconds(200), $"p99 while the peer drops: {whileDropping} (before: {before})");
    }

    [Fact]
    public async Task Hanging_or_dropping_marketplaces_do_not_slow_browsing_or_checkout()
    {
        await using var bed = await MarketplaceBed.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "false", ["RateLimits:PermitLimit"] = "100000",
            ["Marketplaces:RequestTimeout"] = "00:00:02",
            ["Marketplaces:MaxRetries"] = "1",
        });
        var cs = bed.Host.ConnectionString;
        var products = new[] { await ProductAsync(cs, "MSLOW-1", 500), await ProductAsync(cs, "MSLOW-2", 500) };
        await bed.MapEverywhereAsync((products[0], 1), (products[1], 2));
        using var client = new HttpClient { BaseAddress = bed.Host.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        for (var i = 0; i < 20; i++) (await client.GetAsync("/api/products")).Dispose(); // warm-up
        var before = await P99Async(client);

        // Uzum and OZON never answer (each attempt waits out its 2 s budget), WB drops every connection.
        bed.Uzum.Hang = true;
        bed.Ozon.Hang = true;
        bed.Wb.Drop = true;
        var checkout = new List<TimeSpan>();
        for (var u = 0; u < 15; u++)
        {
            Assert.Equal(200, (await SendAsync(client, As(54_000 + u, HttpMethod.Post, "/api/cart", new { product_id = products[u % 2], quantity = 1 }))).Status);
            var clock = Stopwatch.StartNew();
            var (status, text) = await SendAsync(client, As(54_000 + u, HttpMethod.Post, "/api/orders", Checkout));
            checkout.Add(clock.Elapsed);
            Assert.True(status == 201, text); // each order queues a stock push to the dead marketplaces
        }
        await WaitUntilAsync(() => Task.FromResult(bed.Uzum.InFlight + bed.Ozon.InFlight >= 1), TimeSpan.FromSeconds(10), "a push hanging at a marketplace");
        var requestsBefore = bed.Uzum.Requests.Count + bed.Ozon.Requests.Count + bed.Wb.Requests.Count;
        var during = await P99Async(client);
        var stillPushing = bed.Uzum.InFlight + bed.Ozon.InFlight >= 1
            || bed.Uzum.Requests.Count + bed.Ozon.Requests.Count + bed.Wb.Requests.Count > requestsBefore;

        Assert.True(stillPushing, "no push was in flight while the request path was measured");
        Assert.True(during < TimeSpan.FromMilliseconds(200), $"p99 of GET /api/products while marketplaces hang: {during} (before: {before})");
        checkout.Sort();
        // A checkout that waited for one marketplace attempt would take at least its 2 s budget.
        Assert.True(checkout[^1] < TimeSpan.FromMilliseconds(1000), $"slowest checkout while marketplaces hang: {checkout[^1]} (median {checkout[checkout.Count / 2]})");
    }

    private static async Task<TimeSpan> P99Async(HttpClient client)
    {
        var times = new List<TimeSpan>();
        for (var i = 0; i < 200; i++)
        {
            var clock = Stopwatch.StartNew();
            using var reply = await client.GetAsync("/api/products?page=" + (1 + i % 3));
            Assert.Equal(200, (int)reply.StatusCode);
            times.Add(clock.Elapsed);
        }
        times.Sort();
        return times[(int)(times.Count * 0.99) - 1];
    }
}
