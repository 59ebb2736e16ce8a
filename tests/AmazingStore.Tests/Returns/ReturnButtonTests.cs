using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Returns;

/// <summary>Returns from the bot's order message: two buttons on a delivered order, each through the same workflow as the API.</summary>
public sealed class ReturnButtonTests
{
    private static async Task<Order> DeliveredAsync(StoreHost host, int product, int quantity)
    {
        var order = await PlaceOrderAsync(host, product, quantity: quantity);
        using var scope = host.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        foreach (var s in new[] { "confirmed", "shipped", "delivered" })
            Assert.True((await OrderWorkflow.TransitionAsync(db, order.Id, s, "test", CancellationToken.None)).Ok);
        return order;
    }

    [Fact]
    public async Task A_delivered_orders_message_offers_both_returns_and_the_write_off_button_writes_off()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var product = await AddProductAsync(host, "RB-1", 10);
        var order = await DeliveredAsync(host, product, 2);

        await PostAsync(host, Message(AdminId, "/orders delivered", "ru"));
        await WaitHandledAsync(host, 1);
        var shown = fake.Sent(AdminId).First(c => Text(c).Contains(order.OrderNumber));
        Assert.Equal([$"o:{order.Id}:delivered:returned:r", $"o:{order.Id}:delivered:returned:w"],
            Buttons(shown).Select(b => b["callback_data"]!.GetValue<string>()));

        // A return without its decision (an old or forged button) is stale, and moves nothing.
        await PostAsync(host, Button(AdminId, $"o:{order.Id}:delivered:returned", messageId: 42, language: "ru"));
        await WaitHandledAsync(host, 2);
        Assert.Equal("delivered", await host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", order.Id));

        await PostAsync(host, Button(AdminId, $"o:{order.Id}:delivered:returned:w", messageId: 42, language: "ru"));
        await WaitHandledAsync(host, 3);

        Assert.Equal("returned", await host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", order.Id));
        Assert.Equal("return 2,write_off -2", await host.ScalarAsync<string>("""
            SELECT string_agg(movement_type || ' ' || quantity_change, ',' ORDER BY id) FROM inventory_movements
            WHERE reference_id = $1 AND movement_type IN ('return', 'write_off')
            """, order.Id));
        Assert.Equal(8, await host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", product));
        var edit = fake.Calls.Last(c => c.Method == "editMessageText");
        Assert.Contains("Статус: <b>возвращён</b>", edit.Body["text"]!.GetValue<string>());
        Assert.Empty(Buttons(edit));

        // The same button again: stale, nothing moves twice.
        await PostAsync(host, Button(AdminId, $"o:{order.Id}:delivered:returned:r", messageId: 42, language: "ru"));
        await WaitHandledAsync(host, 4);
        Assert.Equal(8, await host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", product));
        Assert.Contains("уже изменён", fake.Calls.Last(c => c.Method == "answerCallbackQuery").Body["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_restock_button_puts_the_units_back()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var product = await AddProductAsync(host, "RB-2", 10);
        var order = await DeliveredAsync(host, product, 3);
        Assert.Equal(7, await host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", product));

        await PostAsync(host, Button(AdminId, $"o:{order.Id}:delivered:returned:r", messageId: 43, language: "uz"));
        await WaitHandledAsync(host, 1);

        Assert.Equal(("returned", 10), (await host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", order.Id),
            await host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", product)));
        Assert.Contains("qaytarilgan", fake.Calls.Last(c => c.Method == "answerCallbackQuery").Body["text"]!.GetValue<string>());
    }
}
