using System.Diagnostics;
using AmazingStore.Bot.Api;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Marketplaces;
using AmazingStore.Web.Marketplaces.Sync;
using Microsoft.Extensions.DependencyInjection;
using Telegram.Bot;
using static AmazingStore.Tests.Faults.FaultKit;

namespace AmazingStore.Tests.Faults;

/// <summary>Outbound breakers: a dead peer is left alone for the break, probed, and used again once it answers.</summary>
public sealed class CircuitBreakerTests
{
    [Fact]
    public async Task Bot_API_breaker_opens_on_repeated_failures_fails_fast_keeps_outbox_attempts_and_closes_when_the_API_is_back()
    {
        await using var fake = await FakeBotApi.StartAsync();
        var settings = BotTestKit.Settings(fake, ("RateLimits:Enabled", "false"), ("RateLimits:PermitLimit", "100000"),
            ("Telegram:CircuitBreaker:MinimumThroughput", "3"), ("Telegram:CircuitBreaker:FailureRatio", "0.5"),
            ("Telegram:CircuitBreaker:SamplingDuration", "00:00:10"), ("Telegram:CircuitBreaker:BreakDuration", "00:00:02"),
            // Without the breaker, 8 attempts at 100 ms..1 s backoff would fail every row within the dead spell.
            ("Outbox:MaxAttempts", "8"));
        await using var host = await StoreHost.StartAsync(settings);
        var cs = host.ConnectionString;
        var product = await ProductAsync(cs, "CB-1", 100);
        fake.Always("sendMessage", new FakeBotApi.Reply.Http500());

        const int Orders = 4;
        for (var u = 0; u < Orders; u++)
        {
            await SendAsync(host.Client, As(53_000 + u, HttpMethod.Post, "/api/cart", new { product_id = product, quantity = 1 }));
            Assert.Equal(201, (await SendAsync(host.Client, As(53_000 + u, HttpMethod.Post, "/api/orders", Checkout))).Status);
        }
        await fake.WaitForAsync(c => c.Count(x => x.Method == "sendMessage") >= 3, TimeSpan.FromSeconds(10), "three failed sends");

        // Open: a call fails at once without reaching the peer.
        var api = host.Services.GetRequiredService<ITelegramBotClient>();
        await WaitUntilAsync(async () =>
        {
            try { await api.SendMessage(BotTestKit.OwnerChatId, "probe"); }
            catch (BotApiException e) when (e.IsCircuitOpen) { return true; }
            catch (BotApiException) { }
            return false;
        }, TimeSpan.FromSeconds(5), "the circuit to open");
        var before = fake.Calls.Count;
        var clock = Stopwatch.StartNew();
        var open = await Assert.ThrowsAsync<BotApiException>(() => api.SendMessage(BotTestKit.OwnerChatId, "x"));
        Assert.True(open.IsCircuitOpen, open.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(200), $"an open circuit took {clock.Elapsed} to answer");
        Assert.True(open.RetryAfter is { } wait && wait > TimeSpan.Zero && wait <= TimeSpan.FromSeconds(2), $"retry after {open.RetryAfter}");
        Assert.Equal(before, fake.Calls.Count);

        // A dead spell of 5 s: the peer sees one probe per break, not a retry storm, and no row is given up.
        var spellStart = fake.Calls.Count(x => x.Method == "sendMessage");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var spellCalls = fake.Calls.Count(x => x.Method == "sendMessage") - spellStart;
        Assert.True(spellCalls <= 4, $"{spellCalls} sends reached a dead Bot API in 5 s with a 2 s break");
        Assert.Equal(0L, await ScalarAsync<long>(cs, "SELECT count(*) FROM outbox_messages WHERE status = 'failed'"));
        // Only the probes count as attempts (at most one per break), not the calls the open circuit refused. A claim
        // counts its attempt up front and gives it back when the circuit refused the call, so the rows are read
        // when none is between its claim and its outcome; every attempt then still counted has reached the fake.
        long? attempts = null;
        await WaitUntilAsync(async () => (attempts = await ScalarAsync<long?>(cs, """
            SELECT CASE WHEN bool_or(status = 'processing') THEN NULL ELSE sum(attempts) END
              FROM outbox_messages WHERE type = 'telegram.owner_order'
            """)) is not null, TimeSpan.FromSeconds(5), "a moment with no claim in flight");
        Assert.True(attempts <= fake.Calls.Count(x => x.Method == "sendMessage"), $"{attempts} attempts counted for fewer sends");
        Assert.True(await ScalarAsync<int>(cs, "SELECT max(attempts) FROM outbox_messages WHERE type = 'telegram.owner_order'") <= 6,
            "an open circuit spent the rows' attempts");

        // The API is back: after the break a probe succeeds, the circuit closes and every notification goes, once.
        fake.Always("sendMessage", null);
        await fake.WaitForAsync(_ => fake.Sent(BotTestKit.OwnerChatId).Count >= Orders, TimeSpan.FromSeconds(10), "all notifications after recovery");
        await WaitUntilAsync(async () => await ScalarAsync<long>(cs, "SELECT count(*) FROM outbox_messages WHERE status <> 'done'") == 0,
            TimeSpan.FromSeconds(5), "the outbox to settle");
        Assert.Equal(Orders, fake.Sent(BotTestKit.OwnerChatId).Count);
        clock.Restart();
        var message = await api.SendMessage(BotTestKit.OwnerChatId, "closed again");
        Assert.True(message.Id > 0);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Marketplace_breaker_opens_after_repeated_failures_fails_fast_without_calling_and_closes_after_the_break()
    {
        await using var bed = await MarketplaceBed.StartAsync(new Dictionary<string, string?>
        {
            ["Marketplaces:MaxRetries"] = "2",
            ["Marketplaces:RequestTimeout"] = "00:00:01",
            ["Marketplaces:BreakerMinimumThroughput"] = "4",
            ["Marketplaces:BreakerFailureRatio"] = "0.5",
            ["Marketplaces:BreakerSamplingDuration"] = "00:00:30",
            ["Marketplaces:BreakerBreakDuration"] = "00:00:02",
        });
        var p = await bed.AddProductAsync("MCB-1", 1000, 7);
        await bed.MapEverywhereAsync((p, 1));

        // Dropped connections, then hangs (timeouts): both count; after four failed attempts the circuit opens.
        bed.Uzum.Drop = true;
        Assert.Equal(SyncStatuses.Failed, Assert.Single(await bed.RunAsync("uzum", SyncTypes.Stock, full: true)).Status);
        Assert.Equal(3, bed.Uzum.Requests.Count); // one attempt and two retries
        bed.Uzum.Drop = false;
        bed.Uzum.Hang = true;
        var second = Assert.Single(await bed.RunAsync("uzum", SyncTypes.Stock, full: true));
        Assert.Equal(SyncStatuses.Failed, second.Status);
        Assert.Equal(4, bed.Uzum.Requests.Count); // the 5th attempt met the open circuit
        Assert.Contains("circuit", second.Error, StringComparison.OrdinalIgnoreCase);

        // Open: no request reaches the peer, and the run ends at once instead of waiting out timeouts.
        var clock = Stopwatch.StartNew();
        var third = Assert.Single(await bed.RunAsync("uzum", SyncTypes.Stock, full: true));
        Assert.Equal(SyncStatuses.Failed, third.Status);
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(500), $"a run against an open circuit took {clock.Elapsed}");
        Assert.Equal(4, bed.Uzum.Requests.Count);
        // Other marketplaces have breakers of their own.
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("ozon", SyncTypes.Stock)).Status);

        // The peer recovers; after the break the probe goes through and closes the circuit.
        bed.Uzum.Hang = false;
        await Task.Delay(TimeSpan.FromSeconds(2.2));
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("uzum", SyncTypes.Stock, full: true)).Status);
        Assert.Equal(7, bed.Uzum.Stock["4780000000001"]);
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("uzum", SyncTypes.Stock, full: true)).Status);
        Assert.Equal(6, bed.Uzum.Requests.Count);
        Assert.Equal(3L, await bed.Host.ScalarAsync<long>(
            "SELECT count(*) FROM sync_logs l JOIN marketplaces m ON m.id = l.marketplace_id WHERE m.slug = 'uzum' AND l.status = 'failed'"));
    }
}
