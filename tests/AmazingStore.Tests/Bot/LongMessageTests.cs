using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Bot;

/// <summary>A message longer than 4096 characters goes as parts; a 429 on a later part must not repeat the earlier ones.</summary>
public sealed class LongMessageTests
{
    private const int Lines = 40; // about 230 characters a line: three parts

    [Fact]
    public async Task An_owner_notification_retried_after_a_429_on_its_second_part_sends_each_part_once_in_order()
    {
        await using var fake = await FakeBotApi.StartAsync();
        fake.Script("sendMessage", new FakeBotApi.Reply.Ok(), new FakeBotApi.Reply.Error(429, "Too Many Requests: retry after 1", RetryAfter: 1));
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var order = await PlaceLongOrderAsync(host);

        await fake.WaitForAsync(_ => fake.Sent(OwnerChatId).Count >= 3, TimeSpan.FromSeconds(15), "the three parts");
        await WaitOutboxDoneAsync(host);
        await Task.Delay(300); // room for a repeat to show up

        var calls = fake.Calls.Where(c => c.Method == "sendMessage").ToList();
        // Part 1 accepted, part 2 refused with 429; the outbox's next attempt starts at part 2.
        Assert.Equal([true, false, true, true], calls.Select(c => c.Delivered));
        Assert.Equal(Text(calls[1]), Text(calls[2]));
        AssertPartsOfOneOrder(fake.Sent(OwnerChatId), order, "🆕");
        Assert.Equal(2, await host.ScalarAsync<int>("SELECT attempts FROM outbox_messages WHERE type = 'telegram.owner_order'"));
        Assert.Equal(3, await host.ScalarAsync<int>(
            "SELECT p.parts_sent FROM telegram_send_progress p JOIN outbox_messages m ON m.id = p.outbox_id WHERE m.type = 'telegram.owner_order'"));
    }

    [Fact]
    public async Task A_reply_that_meets_a_429_on_its_second_part_resumes_there_within_the_same_update()
    {
        await using var fake = await FakeBotApi.StartAsync();
        // No owner chat: the owner notification waits and cannot take the scripted replies.
        await using var host = await StoreHost.StartAsync(Settings(fake, ("Telegram:OwnerChatId", "0")));
        var order = await PlaceLongOrderAsync(host);
        fake.Script("sendMessage", new FakeBotApi.Reply.Ok(), new FakeBotApi.Reply.Error(429, "Too Many Requests: retry after 1", RetryAfter: 1));

        await PostAsync(host, Message(AdminId, "/orders", language: "ru"));
        await WaitHandledAsync(host, 1);

        Assert.Equal("done", await host.ScalarAsync<string>("SELECT status FROM processed_updates"));
        var calls = fake.Calls.Where(c => c.Method == "sendMessage").ToList();
        Assert.Equal([true, false, true, true, true], calls.Select(c => c.Delivered)); // three parts, then the page footer
        Assert.Equal(Text(calls[1]), Text(calls[2]));
        var sent = fake.Sent(AdminId);
        AssertPartsOfOneOrder(sent.Take(3).ToList(), order, "<b>Заказ ");
        Assert.Contains("страница 1 из 1", Text(sent[3]));
    }

    /// <summary>The parts are distinct, start with the order's head, carry every line exactly once and in order, and only the last has buttons.</summary>
    private static void AssertPartsOfOneOrder(IReadOnlyList<FakeBotApi.Call> parts, Order order, string head)
    {
        Assert.Equal(3, parts.Count);
        var texts = parts.Select(Text).ToList();
        Assert.Equal(3, texts.Distinct().Count());
        Assert.All(texts, t => Assert.InRange(t.Length, 1, 4096));
        Assert.StartsWith(head, texts[0]);
        Assert.Single(texts, t => t.Contains(order.OrderNumber));
        var whole = string.Join('\n', texts);
        var previous = -1;
        for (var i = 0; i < Lines; i++)
        {
            var name = LineName(i);
            var at = whole.IndexOf(name, StringComparison.Ordinal);
            Assert.True(at > previous, $"{name} missing or out of order");
            Assert.Equal(at, whole.LastIndexOf(name, StringComparison.Ordinal)); // once
            previous = at;
        }
        Assert.Empty(Buttons(parts[0]));
        Assert.Empty(Buttons(parts[1]));
        Assert.NotEmpty(Buttons(parts[2]));
    }

    private static string LineName(int i) => $"Mahsulot-{i:D2}-" + new string('z', 190);

    private static async Task<Order> PlaceLongOrderAsync(StoreHost host)
    {
        var lines = new List<NewOrderLine>();
        for (var i = 0; i < Lines; i++)
        {
            var id = await AddProductAsync(host, $"LONG-{i:D2}", 5);
            await host.ScalarAsync<int>("UPDATE products SET name_uz = $2 WHERE id = $1 RETURNING id", id, LineName(i));
            lines.Add(new NewOrderLine(id, 1));
        }
        using var scope = host.Services.CreateScope();
        var r = await OrderWorkflow.PlaceAsync(scope.ServiceProvider.GetRequiredService<StoreDb>(),
            new NewOrder("app", "amazing-store", lines, "Vali", "+998901234567", DeliveryAddress: "Toshkent"), CancellationToken.None);
        return Assert.IsType<PlaceResult.Placed>(r).Order;
    }

    private static async Task WaitOutboxDoneAsync(StoreHost host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await host.ScalarAsync<string>("SELECT status FROM outbox_messages WHERE type = 'telegram.owner_order'") != "done")
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the owner notification was not delivered in time");
            await Task.Delay(50);
        }
    }
}
