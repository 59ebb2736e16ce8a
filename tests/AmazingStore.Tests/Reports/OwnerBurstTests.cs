using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Reports;

public sealed class OwnerBurstTests
{
    [Fact]
    public async Task A_pile_of_new_order_messages_goes_as_one_summary_with_a_button_to_the_list_where_each_order_has_its_buttons()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake, ("Telegram:OwnerBurstThreshold", "3"), ("Telegram:PerChatBurst", "2")));
        var product = await AddProductAsync(host, "BURST-1", 100, price: 12_000);

        // Telegram holds the owner chat back (429) while ten orders come in: their messages pile up in the outbox.
        fake.Always("sendMessage", new FakeBotApi.Reply.Error(429, "Too Many Requests: retry after 1", RetryAfter: 1));
        var first = await PlaceOrderAsync(host, product, quantity: 1);
        await fake.WaitForAsync(c => c.Any(x => x.Method == "sendMessage"), TimeSpan.FromSeconds(30), "the first refused send");
        var orders = new List<AmazingStore.Data.Orders.Order> { first };
        for (var i = 2; i <= 10; i++) orders.Add(await PlaceOrderAsync(host, product, quantity: i % 3 + 1));
        fake.Always("sendMessage", null);

        await fake.WaitForAsync(_ => fake.Sent(OwnerChatId).Count >= 1, TimeSpan.FromSeconds(30), "the summary");
        await WaitSettledAsync(host);
        await Task.Delay(1500); // longer than a retry: a late single message would show now
        var summary = Assert.Single(fake.Sent(OwnerChatId));
        var total = orders.Sum(o => o.Total);
        Assert.Contains("Новых заказов: 10", Text(summary));
        var money = total.ToString("#,0", new System.Globalization.NumberFormatInfo { NumberGroupSeparator = " " });
        Assert.Contains($"на сумму <b>{money} сум</b>", Text(summary));
        var button = Assert.Single(Buttons(summary));
        Assert.Equal("ol:all:1", button["callback_data"]!.GetValue<string>());
        Assert.Equal(10L, await host.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE type = 'telegram.owner_order' AND status = 'done'"));
        Assert.Equal(9L, await host.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE type = 'telegram.owner_order' AND last_error LIKE 'summarized in #%'"));

        // An admin (the owner) opens the list: each order comes with its own confirm/cancel buttons.
        await PostAsync(host, Button(AdminId, "ol:all:1", summary.MessageId!.Value, language: "ru"));
        await WaitHandledAsync(host, 1);
        var listed = fake.Sent(AdminId);
        var newest = orders.OrderByDescending(o => o.Id).Take(5).ToList();
        foreach (var o in newest)
        {
            var message = Assert.Single(listed, m => Text(m).Contains(o.OrderNumber));
            Assert.Equal([$"o:{o.Id}:pending:confirmed", $"o:{o.Id}:pending:cancelled"],
                Buttons(message).Select(b => b["callback_data"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task Below_the_threshold_each_order_still_gets_its_own_message()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake, ("Telegram:OwnerBurstThreshold", "3"), ("Telegram:PerChatBurst", "2")));
        var product = await AddProductAsync(host, "BURST-2", 100);
        fake.Always("sendMessage", new FakeBotApi.Reply.Error(429, "Too Many Requests: retry after 1", RetryAfter: 1));
        var orders = new[] { await PlaceOrderAsync(host, product), await PlaceOrderAsync(host, product), await PlaceOrderAsync(host, product) };
        await fake.WaitForAsync(c => c.Any(x => x.Method == "sendMessage"), TimeSpan.FromSeconds(10), "a refused send");
        fake.Always("sendMessage", null);
        await fake.WaitForAsync(_ => fake.Sent(OwnerChatId).Count >= 3, TimeSpan.FromSeconds(15), "three messages");
        await WaitSettledAsync(host);
        var sent = fake.Sent(OwnerChatId).Select(Text).ToList();
        Assert.Equal(3, sent.Count);
        Assert.All(orders, o => Assert.Single(sent, t => t.Contains(o.OrderNumber + "</b>")));
    }

    private static async Task WaitSettledAsync(StoreHost host)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await host.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE type = 'telegram.owner_order' AND status IN ('pending', 'processing')") > 0)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("owner notifications still pending");
            await Task.Delay(50);
        }
    }
}
