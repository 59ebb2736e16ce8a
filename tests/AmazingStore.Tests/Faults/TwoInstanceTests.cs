using System.Collections.Concurrent;
using System.Text.Json;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
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
}
