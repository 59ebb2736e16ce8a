using System.Diagnostics;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.StoreApi;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Bot;

public sealed class OwnerNotificationTests
{
    [Fact]
    public async Task A_new_order_reaches_the_owner_within_two_seconds_with_details_and_buttons()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var product = await AddProductAsync(host, "BAG-1", 5, price: 120_000);

        var clock = Stopwatch.StartNew();
        var order = await PlaceOrderAsync(host, product, quantity: 2);
        await fake.WaitForAsync(_ => fake.Sent(OwnerChatId).Count == 1, TimeSpan.FromSeconds(2), "the owner notification");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));

        var message = Assert.Single(fake.Sent(OwnerChatId));
        var text = Text(message);
        Assert.Equal("HTML", message.Body["parse_mode"]!.GetValue<string>());
        Assert.Contains("Новый заказ", text);
        Assert.Contains(order.OrderNumber, text);
        Assert.Contains("Vali &lt;Valiyev&gt;, +998901234567", text);
        Assert.Contains("Toshkent, Chilonzor 5 &amp; 6", text);
        Assert.Contains("× 2 = 240 000", text);
        Assert.Contains("Итого: 240 000", text);
        Assert.Equal([$"o:{order.Id}:pending:confirmed", $"o:{order.Id}:pending:cancelled"],
            Buttons(message).Select(b => b["callback_data"]!.GetValue<string>()));
        await WaitOutboxSettledAsync(host);
        Assert.Equal("done", await host.ScalarAsync<string>("SELECT status FROM outbox_messages WHERE type = 'telegram.owner_order'"));
    }

    [Fact]
    public async Task Without_an_owner_chat_the_notification_waits_unspent_instead_of_failing()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake, ("Telegram:OwnerChatId", "0")));
        var product = await AddProductAsync(host, "WAIT-1", 5);
        await PlaceOrderAsync(host, product);

        // Give the dispatcher time to pick the row up (it is woken by NOTIFY within milliseconds).
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (DateTime.UtcNow < deadline && await host.ScalarAsync<string>(
                   "SELECT coalesce(last_error, '') FROM outbox_messages WHERE type = 'telegram.owner_order'") == "")
            await Task.Delay(50);
        Assert.Equal(("pending", 0, "Telegram:OwnerChatId is not configured"), (
            await host.ScalarAsync<string>("SELECT status FROM outbox_messages WHERE type = 'telegram.owner_order'"),
            await host.ScalarAsync<int>("SELECT attempts FROM outbox_messages WHERE type = 'telegram.owner_order'"),
            await host.ScalarAsync<string>("SELECT last_error FROM outbox_messages WHERE type = 'telegram.owner_order'")));
        Assert.DoesNotContain(fake.Calls, c => c.Method == "sendMessage");
    }

    [Fact]
    public async Task An_order_placed_through_the_orders_api_reaches_the_owner_within_two_seconds()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var product = await AddProductAsync(host, "API-1", 5);
        var shopper = new Shopper(host, CustomerId);
        await shopper.JsonAsync(HttpMethod.Post, "/api/cart", new { product_id = product, quantity = 1 });

        var clock = Stopwatch.StartNew();
        var order = await shopper.JsonAsync(HttpMethod.Post, "/api/orders",
            new { customer_name = "Aziz", customer_phone = "+998901234567", delivery_address = "Toshkent" });
        await fake.WaitForAsync(_ => fake.Sent(OwnerChatId).Count == 1, TimeSpan.FromSeconds(2), "the owner notification");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2));
        Assert.Contains(order.GetProperty("order_number").GetString()!, Text(Assert.Single(fake.Sent(OwnerChatId))));
    }

    [Fact]
    public async Task After_429_then_500_then_a_timeout_the_notification_still_arrives_exactly_once_and_nothing_is_lost()
    {
        await using var fake = await FakeBotApi.StartAsync();
        fake.Script("sendMessage",
            new FakeBotApi.Reply.Error(429, "Too Many Requests: retry after 1", RetryAfter: 1),
            new FakeBotApi.Reply.Http500(),
            new FakeBotApi.Reply.Hang());
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var product = await AddProductAsync(host, "HAT-1", 10);

        var first = await PlaceOrderAsync(host, product);
        var second = await PlaceOrderAsync(host, product);
        await fake.WaitForAsync(_ => fake.Sent(OwnerChatId).Count >= 2, TimeSpan.FromSeconds(20), "both notifications");
        await WaitOutboxSettledAsync(host);

        var sent = fake.Sent(OwnerChatId).Select(Text).ToList();
        Assert.Equal(2, sent.Count);
        Assert.Single(sent, t => t.Contains(first.OrderNumber));
        Assert.Single(sent, t => t.Contains(second.OrderNumber));
        // Every scripted failure was met (and retried).
        var failed = fake.Calls.Where(c => c.Method == "sendMessage" && !c.Delivered).ToList();
        Assert.Equal(3, failed.Count);
        Assert.Equal(2, await host.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE type = 'telegram.owner_order' AND status = 'done'"));
        Assert.Equal(5, await host.ScalarAsync<long>("SELECT sum(attempts) FROM outbox_messages WHERE type = 'telegram.owner_order'"));
    }

    [Fact]
    public async Task Against_a_dead_bot_api_the_row_is_marked_failed_after_the_bounded_attempts()
    {
        await using var fake = await FakeBotApi.StartAsync();
        fake.Always("sendMessage", new FakeBotApi.Reply.Http500());
        await using var host = await StoreHost.StartAsync(Settings(fake, ("Outbox:MaxAttempts", "3")));
        var product = await AddProductAsync(host, "DEAD-1", 10);
        await PlaceOrderAsync(host, product);

        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await host.ScalarAsync<string>("SELECT status FROM outbox_messages WHERE type = 'telegram.owner_order'") != "failed")
        {
            Assert.True(DateTime.UtcNow < deadline, "the row was not marked failed in time");
            await Task.Delay(50);
        }
        Assert.Equal(3, await host.ScalarAsync<int>("SELECT attempts FROM outbox_messages WHERE type = 'telegram.owner_order'"));
        var error = await host.ScalarAsync<string>("SELECT last_error FROM outbox_messages WHERE type = 'telegram.owner_order'");
        Assert.Contains("500", error);
        Assert.DoesNotContain(StoreHost.BotToken, error);
        Assert.Equal(3, fake.Calls.Count(c => c.Method == "sendMessage"));
    }

    [Fact]
    public async Task A_rejected_message_fails_at_once_instead_of_retrying()
    {
        await using var fake = await FakeBotApi.StartAsync();
        fake.Always("sendMessage", new FakeBotApi.Reply.Error(400, "Bad Request: chat not found"));
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var product = await AddProductAsync(host, "BAD-1", 10);
        await PlaceOrderAsync(host, product);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await host.ScalarAsync<string>("SELECT status FROM outbox_messages WHERE type = 'telegram.owner_order'") != "failed")
        {
            Assert.True(DateTime.UtcNow < deadline, "the row was not marked failed in time");
            await Task.Delay(50);
        }
        Assert.Equal(1, await host.ScalarAsync<int>("SELECT attempts FROM outbox_messages WHERE type = 'telegram.owner_order'"));
    }

    [Fact]
    public async Task Two_hosts_on_one_database_send_fifty_orders_as_exactly_fifty_owner_messages()
    {
        await using var fake = await FakeBotApi.StartAsync();
        var settings = Settings(fake);
        await using var first = await StoreHost.StartAsync(settings);
        await using var second = await StoreHost.StartAsync(settings, connectionString: first.ConnectionString);
        var product = await AddProductAsync(first, "MANY-1", 100);

        var orders = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => PlaceOrderAsync(i % 2 == 0 ? first : second, product)));
        await fake.WaitForAsync(_ => fake.Sent(OwnerChatId).Count >= 50, TimeSpan.FromSeconds(30), "fifty notifications");
        await WaitOutboxSettledAsync(first);

        var sent = fake.Sent(OwnerChatId).Select(Text).ToList();
        Assert.Equal(50, sent.Count);
        Assert.All(orders, o => Assert.Single(sent, t => t.Contains(o.OrderNumber + "</b>")));
        Assert.Equal(50, await first.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE type = 'telegram.owner_order' AND status = 'done'"));
    }

    private static async Task WaitOutboxSettledAsync(StoreHost host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await host.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE type LIKE 'telegram.%' AND status IN ('pending', 'processing')") > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("outbox rows still pending");
            await Task.Delay(50);
        }
    }
}
