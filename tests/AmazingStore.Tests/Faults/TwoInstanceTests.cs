using System.Collections.Concurrent;
using System.Text.Json;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Marketplaces;
using static AmazingStore.Tests.Faults.FaultKit;

namespace AmazingStore.Tests.Faults;

public sealed class TwoInstanceTests
{
    [Fact]
    public async Task Two_hosts_on_one_database_give_unique_order_numbers_and_one_owner_message_per_order()
    {
        await using var fake = await FakeBotApi.StartAsync();
        // A slow Bot API and a short claim: a batch outlives its claim, the case where both hosts could send a row.
        fake.Always("sendMessage", new FakeBotApi.Reply.Slow(TimeSpan.FromMilliseconds(150)));
        var settings = BotTestKit.Settings(fake, ("Outbox:LockTimeout", "00:00:01"),
            ("RateLimits:Enabled", "false"), ("RateLimits:PermitLimit", "100000"));
        await using var a = await StoreHost.StartAsync(settings);
        await using var b = await StoreHost.StartAsync(settings, a.ConnectionString);
        var cs = a.ConnectionString;
        var products = new[] { await ProductAsync(cs, "TWO-1", 100), await ProductAsync(cs, "TWO-2", 100) };

        const int Orders = 50;
        var numbers = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, Orders), new ParallelOptions { MaxDegreeOfParallelism = 10 }, async (i, _) =>
        {
            var host = i % 2 == 0 ? a : b;
            var user = 90_000L + i;
            Assert.Equal(200, (await SendAsync(host.Client, As(user, HttpMethod.Post, "/api/cart", new { product_id = products[i % 2], quantity = 1 }))).Status);
            // Mixed load: the other host serves reads meanwhile.
            Assert.Equal(200, (await SendAsync((i % 2 == 0 ? b : a).Client, new HttpRequestMessage(HttpMethod.Get, "/api/products"))).Status);
            var (status, text) = await SendAsync(host.Client, As(user, HttpMethod.Post, "/api/orders", Checkout));
            Assert.True(status == 201, text);
            numbers.Add(JsonDocument.Parse(text).RootElement.GetProperty("order_number").GetString()!);
        });

        Assert.Equal(Orders, numbers.Distinct().Count());
        await fake.WaitForAsync(_ => fake.Sent(BotTestKit.OwnerChatId).Count >= Orders, TimeSpan.FromSeconds(40), "50 owner messages");
        await WaitUntilAsync(async () => await ScalarAsync<long>(cs, "SELECT count(*) FROM outbox_messages WHERE type = 'telegram.owner_order' AND status <> 'done'") == 0,
            TimeSpan.FromSeconds(10), "the outbox to settle");
        await Task.Delay(1500); // longer than the claim: a late duplicate would show now
        var sent = fake.Sent(BotTestKit.OwnerChatId).Select(BotTestKit.Text).ToList();
        Assert.Equal(Orders, sent.Count);
        foreach (var n in numbers) Assert.Single(sent, t => t.Contains(n));
        await AssertStockConsistentAsync(cs);
    }

    [Fact]
    public async Task Two_hosts_under_orders_and_marketplace_syncs_run_each_scheduled_sync_once_per_interval_and_notify_once()
    {
        await using var fake = await FakeBotApi.StartAsync();
        var extra = BotTestKit.Settings(fake, ("Outbox:LockTimeout", "00:00:01"),
            ("RateLimits:Enabled", "false"), ("RateLimits:PermitLimit", "100000"),
            // One "minute" of sync_interval_minutes lasts 2 s.
            ("Marketplaces:IntervalUnit", "00:00:02"));
        extra["Telegram:AdminIds:1"] = MarketplaceBed.AdminId.ToString();
        var cs = await TestPostgres.CreateDatabaseAsync();
        await using var a = await MarketplaceBed.StartAsync(extra, cs);
        await using var b = await MarketplaceBed.StartAsync(extra, cs, configure: false);
        var products = new[] { await ProductAsync(cs, "TWOSYNC-1", 200), await ProductAsync(cs, "TWOSYNC-2", 200) };
        await a.MapEverywhereAsync((products[0], 1), (products[1], 2));
        await a.PutAsync("/api/admin/marketplaces/ozon", new { sync_interval_minutes = 1 });
        await a.PutAsync("/api/admin/marketplaces/wildberries", new { sync_interval_minutes = 1 });
        await a.PutAsync("/api/admin/marketplaces/uzum", new { credentials = new { } });

        // Orders on both hosts (each queues a stock push and an owner message) while the schedule runs.
        const string Scheduled = """
            SELECT count(*) FROM sync_logs l JOIN marketplaces m ON m.id = l.marketplace_id
             WHERE m.slug = $1 AND l.sync_type = 'stock' AND l.trigger_type = 'schedule'
            """;
        var numbers = new ConcurrentBag<string>();
        var deadline = DateTime.UtcNow.AddSeconds(40);
        var i = 0;
        while (await ScalarAsync<long>(cs, Scheduled, "ozon") < 5 || await ScalarAsync<long>(cs, Scheduled, "wildberries") < 5)
        {
            Assert.True(DateTime.UtcNow < deadline, "five scheduled runs of each did not happen within 40 s");
            await Task.WhenAll(Enumerable.Range(i, 4).Select(async n =>
            {
                var host = (n % 2 == 0 ? a : b).Host;
                var user = 91_000L + n;
                Assert.Equal(200, (await SendAsync(host.Client, As(user, HttpMethod.Post, "/api/cart", new { product_id = products[n % 2], quantity = 1 }))).Status);
                var (status, text) = await SendAsync(host.Client, As(user, HttpMethod.Post, "/api/orders", Checkout));
                Assert.True(status == 201, text);
                numbers.Add(JsonDocument.Parse(text).RootElement.GetProperty("order_number").GetString()!);
            }));
            i += 4;
            await Task.Delay(300);
        }

        foreach (var slug in new[] { "ozon", "wildberries" })
            await ScheduleAssertions.AssertScheduledStockRunsOncePerIntervalAsync(a.Host.Db, slug, TimeSpan.FromSeconds(2));
        Assert.Equal(0L, await ScalarAsync<long>(cs, "SELECT count(*) FROM sync_logs l JOIN marketplaces m ON m.id = l.marketplace_id WHERE m.slug = 'uzum' AND l.trigger_type = 'schedule'"));

        // Every order: one owner message, however the two hosts shared the outbox.
        Assert.Equal(i, numbers.Distinct().Count());
        await fake.WaitForAsync(_ => fake.Sent(BotTestKit.OwnerChatId).Count >= i, TimeSpan.FromSeconds(30), $"{i} owner messages");
        await WaitUntilAsync(async () => await ScalarAsync<long>(cs, "SELECT count(*) FROM outbox_messages WHERE status <> 'done'") == 0,
            TimeSpan.FromSeconds(20), "the outbox to settle");
        await Task.Delay(1500); // longer than the claim: a late duplicate would show now
        var sent = fake.Sent(BotTestKit.OwnerChatId).Select(BotTestKit.Text).ToList();
        Assert.Equal(i, sent.Count);
        foreach (var n in numbers) Assert.Single(sent, t => t.Contains(n));
        // And the marketplaces end up with what is available.
        foreach (var (p, n) in new[] { (products[0], 1), (products[1], 2) })
        {
            var available = await ScalarAsync<int>(cs, "SELECT quantity - reserved_quantity FROM inventory WHERE product_id = $1", p);
            Assert.Equal(available, a.Ozon.Stock[$"OFFER-{n}@{MarketplaceBed.OzonWarehouse}"]);
            Assert.Equal(available, a.Wb.Stock[700000 + n]);
        }
        await AssertStockConsistentAsync(cs);
    }
}
