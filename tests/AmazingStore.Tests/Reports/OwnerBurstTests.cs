using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
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

        // Ten orders come in together (one transaction, so that the dispatcher sees all of their messages waiting at once).
        var orders = await PlaceTogetherAsync(host, Enumerable.Range(1, 10).Select(i => (product, i % 3 + 1)).ToArray());

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
        var orders = await PlaceTogetherAsync(host, (product, 1), (product, 1), (product, 1));
        await fake.WaitForAsync(_ => fake.Sent(OwnerChatId).Count >= 3, TimeSpan.FromSeconds(15), "three messages");
        await WaitSettledAsync(host);
        var sent = fake.Sent(OwnerChatId).Select(Text).ToList();
        Assert.Equal(3, sent.Count);
        Assert.All(orders, o => Assert.Single(sent, t => t.Contains(o.OrderNumber + "</b>")));
    }

    private static async Task<List<Order>> PlaceTogetherAsync(StoreHost host, params (int Product, int Quantity)[] lines)
    {
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        await using var tx = await db.Database.BeginTransactionAsync();
        var orders = new List<Order>();
        foreach (var (product, quantity) in lines)
        {
            var placed = await OrderWorkflow.PlaceAsync(db, new NewOrder("app", "amazing-store", [new NewOrderLine(product, quantity)],
                "Vali", "+998901234567"), CancellationToken.None);
            orders.Add(Assert.IsType<PlaceResult.Placed>(placed).Order);
        }
        await tx.CommitAsync();
        return orders;
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
