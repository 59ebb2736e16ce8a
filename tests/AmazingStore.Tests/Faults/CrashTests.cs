using System.Collections.Concurrent;
using System.Text.Json;
using AmazingStore.Tests.Bot;
using AmazingStore.Data.Inventory;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Marketplaces;
using static AmazingStore.Tests.Faults.FaultKit;

namespace AmazingStore.Tests.Faults;

/// <summary>The host SIGKILLed mid-work (a separate OS process) and started again on the same database.</summary>
public sealed class CrashTests
{
    private static readonly Dictionary<string, string?> NoLimits = new()
    {
        ["RateLimits:Enabled"] = "false",
        ["RateLimits:PermitLimit"] = "100000",
    };

    [Fact]
    public async Task Killed_during_a_checkout_burst_every_acknowledged_order_survives_and_no_reservation_is_orphaned()
    {
        var cs = await TestPostgres.CreateDatabaseAsync();
        // Less stock than the burst asks for, so that the kill also lands among out-of-stock refusals.
        var products = new List<int>();
        for (var i = 0; i < 3; i++) products.Add(await ProductAsync(cs, $"CRASH-{i}", stock: 25));
        const int Users = 48;
        var carts = Enumerable.Range(0, Users).ToDictionary(u => 70_000L + u,
            u => new[] { (Product: products[u % 3], Quantity: 1 + u % 2), (Product: products[(u + 1) % 3], Quantity: 1) });

        var store = await StoreProcess.StartAsync(cs, NoLimits);
        var acknowledged = new ConcurrentBag<(long User, JsonElement Order)>();
        var lost = 0;
        try
        {
            await Parallel.ForEachAsync(carts, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (c, _) =>
            {
                foreach (var (p, q) in c.Value)
                    Assert.Equal(200, (await SendAsync(store.Client, As(c.Key, HttpMethod.Post, "/api/cart", new { product_id = p, quantity = q }))).Status);
            });

            var firstDone = new TaskCompletionSource();
            var burst = carts.Keys.Select(async user =>
            {
                try
                {
                    var (status, text) = await SendAsync(store.Client, As(user, HttpMethod.Post, "/api/orders", Checkout));
                    if (status == 201) acknowledged.Add((user, JsonDocument.Parse(text).RootElement.Clone()));
                    else Assert.True(status == 409, $"checkout → {status}: {text}");
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { Interlocked.Increment(ref lost); }
                if (acknowledged.Count >= 3) firstDone.TrySetResult();
            }).ToList();
            await firstDone.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await store.KillAsync();
            await Task.WhenAll(burst).WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally { await store.DisposeAsync(); }

        Assert.True(lost > 0, "the kill landed after the burst: nothing was in flight");
        Assert.NotEmpty(acknowledged);

        await using var again = await StoreProcess.StartAsync(cs, NoLimits);
        foreach (var (owner, order) in acknowledged)
        {
            var id = order.GetProperty("id").GetInt32();
            var (status, text) = await SendAsync(again.Client, As(owner, HttpMethod.Get, $"/api/orders/{id}"));
            Assert.True(status == 200, $"acknowledged order {id} → {status}");
            var stored = JsonDocument.Parse(text).RootElement;
            Assert.Equal(order.GetProperty("order_number").GetString(), stored.GetProperty("order_number").GetString());
            Assert.Equal(Lines(order), Lines(stored));
            Assert.Equal(carts[owner].Select(l => (l.Product, l.Quantity)).OrderBy(l => l.Product), Lines(stored));
        }
        await AssertStockConsistentAsync(cs);
        // Every order in the database is a whole one (no order without lines).
        Assert.Equal(0L, await ScalarAsync<long>(cs, "SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_items i WHERE i.order_id = o.id)"));
    }

    private static IEnumerable<(int, int)> Lines(JsonElement order) => order.GetProperty("items").EnumerateArray()
        .Select(i => (i.GetProperty("product_id").GetInt32(), i.GetProperty("quantity").GetInt32())).OrderBy(l => l.Item1).ToList();

    [Fact]
    public async Task Killed_while_the_Bot_API_is_slow_each_owner_notification_arrives_exactly_once_after_restart()
    {
        var cs = await TestPostgres.CreateDatabaseAsync();
        await using var fake = await FakeBotApi.StartAsync();
        var settings = BotTestKit.Settings(fake, ("Telegram:RequestTimeoutSeconds", "30"), ("Outbox:LockTimeout", "00:00:03"),
            ("RateLimits:Enabled", "false"), ("RateLimits:PermitLimit", "100000"));
        var product = await ProductAsync(cs, "NOTE-1", 50);
        fake.Always("sendMessage", new FakeBotApi.Reply.Slow(TimeSpan.FromSeconds(60)));

        var numbers = new List<string>();
        var store = await StoreProcess.StartAsync(cs, settings);
        try
        {
            for (var user = 71_000L; user < 71_003; user++)
            {
                Assert.Equal(200, (await SendAsync(store.Client, As(user, HttpMethod.Post, "/api/cart", new { product_id = product, quantity = 1 }))).Status);
                var (status, text) = await SendAsync(store.Client, As(user, HttpMethod.Post, "/api/orders", Checkout));
                Assert.Equal(201, status);
                numbers.Add(JsonDocument.Parse(text).RootElement.GetProperty("order_number").GetString()!);
            }
            await WaitUntilAsync(() => Task.FromResult(fake.InFlight >= 1), TimeSpan.FromSeconds(10), "a send in flight");
            await store.KillAsync();
        }
        finally { await store.DisposeAsync(); }

        fake.Always("sendMessage", null);
        await using var again = await StoreProcess.StartAsync(cs, settings);
        await fake.WaitForAsync(_ => fake.Sent(BotTestKit.OwnerChatId).Count >= 3, TimeSpan.FromSeconds(20), "three owner messages");
        await WaitUntilAsync(async () => await ScalarAsync<long>(cs, "SELECT count(*) FROM outbox_messages WHERE type = 'telegram.owner_order' AND status <> 'done'") == 0,
            TimeSpan.FromSeconds(10), "the outbox to settle");
        await Task.Delay(500); // room for a duplicate to show up

        var sent = fake.Sent(BotTestKit.OwnerChatId).Select(BotTestKit.Text).ToList();
        Assert.Equal(3, sent.Count);
        foreach (var number in numbers) Assert.Single(sent, t => t.Contains(number));
        // The kill really interrupted a send: the fake saw it go away unanswered.
        Assert.Contains(fake.Calls, c => c.Method == "sendMessage" && !c.Delivered);
    }

    [Fact]
    public async Task Killed_during_a_stock_push_to_a_slow_marketplace_the_push_completes_after_restart()
    {
        var cs = await TestPostgres.CreateDatabaseAsync();
        // The fakes live in this test process, the host in another: the kill leaves them standing.
        await using var bed = await MarketplaceBed.StartFakesAsync();
        var settings = MarketplaceBed.Settings(new Dictionary<string, string?>
        {
            ["RateLimits:Enabled"] = "false", ["RateLimits:PermitLimit"] = "100000",
            ["Marketplaces:RequestTimeout"] = "00:01:00",
            ["Outbox:LockTimeout"] = "00:00:03",
        });
        var stock = new Dictionary<int, int>();
        var store = await StoreProcess.StartAsync(cs, settings);
        try
        {
            bed.Attach(store.Client, cs);
            await bed.ConfigureAsync();
            var mapped = new List<(int, int)>();
            for (var n = 1; n <= 3; n++)
            {
                var id = await bed.AddProductAsync($"KILLPUSH-{n}", 1000, stock: 0);
                mapped.Add((id, n));
            }
            await bed.MapEverywhereAsync(mapped.ToArray());
            // Wildberries (pushed after Uzum, before OZON) accepts nothing for a minute.
            bed.Wb.Delay = TimeSpan.FromSeconds(60);
            await using (var db = Context(cs))
                foreach (var (id, n) in mapped)
                {
                    Assert.True((await StockLedger.AdjustAsync(db, id, 10 * n, null, new LedgerReference("test", null, null, "delivery"),
                        CancellationToken.None, MovementTypes.Initial)).Ok);
                    stock[n] = 10 * n;
                }
            await WaitUntilAsync(() => Task.FromResult(bed.Wb.InFlight >= 1), TimeSpan.FromSeconds(20), "a stock push in flight at Wildberries");
            await store.KillAsync();
        }
        finally { await store.DisposeAsync(); }

        await WaitUntilAsync(() => Task.FromResult(bed.Wb.Abandoned >= 1), TimeSpan.FromSeconds(5), "the fake to see the push go away");
        Assert.Empty(bed.Wb.Stock);
        Assert.Empty(bed.Ozon.Stock);
        Assert.NotEqual(0L, await ScalarAsync<long>(cs, "SELECT count(*) FROM outbox_messages WHERE type = 'marketplace.stock_push' AND status <> 'done'"));

        bed.Wb.Delay = null;
        await using var again = await StoreProcess.StartAsync(cs, settings);
        await WaitUntilAsync(async () => await ScalarAsync<long>(cs, "SELECT count(*) FROM outbox_messages WHERE type = 'marketplace.stock_push' AND status <> 'done'") == 0,
            TimeSpan.FromSeconds(30), "the stock push rows to be done");

        foreach (var (n, amount) in stock)
        {
            Assert.Equal(amount, bed.Uzum.Stock[$"478000{n:D7}"]);
            Assert.Equal(amount, bed.Wb.Stock[700000 + n]);
            Assert.Equal(amount, bed.Ozon.Stock[$"OFFER-{n}@{MarketplaceBed.OzonWarehouse}"]);
        }
        Assert.Equal(0L, await ScalarAsync<long>(cs, """
            SELECT count(*) FROM marketplace_products mp JOIN inventory i ON i.product_id = mp.product_id
             WHERE mp.last_pushed_stock IS DISTINCT FROM i.quantity - i.reserved_quantity OR mp.sync_status <> 'synced'
            """));
        Assert.Equal(9L, await ScalarAsync<long>(cs, "SELECT count(*) FROM marketplace_products"));
        // The interrupted run left no log (it never finished); the run after the restart did.
        Assert.Equal(1L, await ScalarAsync<long>(cs, """
            SELECT count(*) FROM sync_logs l JOIN marketplaces m ON m.id = l.marketplace_id
             WHERE m.slug = 'wildberries' AND l.sync_type = 'stock' AND l.trigger_type = 'outbox' AND l.status = 'success' AND l.items_processed = 3
            """));
        Assert.Equal(0L, await ScalarAsync<long>(cs, "SELECT count(*) FROM outbox_messages WHERE status = 'failed'"));
    }
}
