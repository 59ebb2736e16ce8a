using System.Diagnostics;
using AmazingStore.Tests.Infrastructure;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Bot;

/// <summary>The store's handling of Telegram's refusals, on top of Telegram.Bot.</summary>
public sealed class BotApiErrorTests
{
    [Fact]
    public async Task A_long_429_is_not_waited_out_inside_the_client_the_outbox_row_is_rescheduled_by_retry_after()
    {
        await using var fake = await FakeBotApi.StartAsync();
        fake.Script("sendMessage", new FakeBotApi.Reply.Error(429, "Too Many Requests: retry after 30", RetryAfter: 30));
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var product = await AddProductAsync(host, "RA-1", 5);
        await PlaceOrderAsync(host, product);

        await fake.WaitForAsync(c => c.Any(x => x.Method == "sendMessage"), TimeSpan.FromSeconds(10), "the refused send");
        // Within a few seconds the worker is free again: the row waits out the 30 s in the database, not in a call.
        var clock = Stopwatch.StartNew();
        while (await host.ScalarAsync<string>("SELECT status FROM outbox_messages WHERE type = 'telegram.owner_order'") != "pending")
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the outbox row stayed claimed: the client is waiting out the 429");
            await Task.Delay(50);
        }
        var waits = await host.ScalarAsync<double>(
            "SELECT EXTRACT(EPOCH FROM next_attempt_at - now())::float8 FROM outbox_messages WHERE type = 'telegram.owner_order'");
        Assert.InRange(waits, 20, 31);
        Assert.Equal(1, await host.ScalarAsync<int>("SELECT attempts FROM outbox_messages WHERE type = 'telegram.owner_order'"));
        Assert.Contains("429", await host.ScalarAsync<string>("SELECT last_error FROM outbox_messages WHERE type = 'telegram.owner_order'"));
        Assert.Single(fake.Calls, c => c.Method == "sendMessage");
    }

    [Fact]
    public async Task A_group_that_became_a_supergroup_gets_the_message_at_its_new_id()
    {
        const long Supergroup = -100_777_000;
        await using var fake = await FakeBotApi.StartAsync();
        fake.Script("sendMessage", new FakeBotApi.Reply.Error(400, "Bad Request: group chat was upgraded to a supergroup chat", MigrateToChatId: Supergroup));
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var product = await AddProductAsync(host, "MG-1", 5);
        var order = await PlaceOrderAsync(host, product);

        await fake.WaitForAsync(_ => fake.Sent(Supergroup).Count == 1, TimeSpan.FromSeconds(10), "the notification at the supergroup");
        Assert.Contains(order.OrderNumber, Text(fake.Sent(Supergroup)[0]));
        Assert.Empty(fake.Sent(OwnerChatId));
        var clock = Stopwatch.StartNew();
        while (await host.ScalarAsync<string>("SELECT status FROM outbox_messages WHERE type = 'telegram.owner_order'") != "done")
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), "the notification row was not finished");
            await Task.Delay(50);
        }
        Assert.Equal(1, await host.ScalarAsync<int>("SELECT attempts FROM outbox_messages WHERE type = 'telegram.owner_order'"));
    }
}
