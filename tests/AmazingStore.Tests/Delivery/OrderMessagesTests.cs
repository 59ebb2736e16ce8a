using System.Text.Json.Nodes;
using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.StoreApi;
using Microsoft.Extensions.DependencyInjection;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Delivery;

/// <summary>The customer's "order received" and the owner's cancellation messages, through the outbox to the fake Bot API.</summary>
public sealed class OrderMessagesTests
{
    private static async Task<JsonObject> PlaceAsync(StoreHost host, long telegramId, string language, int product, int quantity, object? extra = null)
    {
        var initData = InitData.For(telegramId, "Nodira", language);
        using (var cart = await host.Client.SendAsync(InitData.Request(HttpMethod.Post, "/api/cart", initData, new { product_id = product, quantity })))
            Assert.True(cart.IsSuccessStatusCode);
        using var reply = await host.Client.SendAsync(InitData.Request(HttpMethod.Post, "/api/orders", initData,
            extra ?? new { customer_phone = "+998901234567", delivery_address = "Toshkent" }));
        var text = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    [Theory]
    [InlineData("uz", "Buyurtmangiz qabul qilindi", "Jami: 70 000", "naqd pul bilan")]
    [InlineData("ru", "Ваш заказ принят", "Итого: 70 000", "наличными при получении")]
    public async Task The_customer_gets_order_received_in_their_language_with_number_items_total_and_how_to_pay(
        string language, string headline, string total, string howToPay)
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var product = await AddProductAsync(host, "MSG-1", 10, price: 25_000);
        var zone = await host.ScalarAsync<int>("INSERT INTO delivery_zones (name_uz, name_ru, fee) VALUES ('Shahar', 'Город', 20000) RETURNING id");
        const long customer = 5301;

        var order = await PlaceAsync(host, customer, language, product, 2,
            new { customer_phone = "+998901234567", delivery_address = "Toshkent", delivery_zone_id = zone });
        await fake.WaitForAsync(_ => fake.Sent(customer).Count == 1, TimeSpan.FromSeconds(10), "the customer's order received");

        var text = Text(Assert.Single(fake.Sent(customer)));
        Assert.Contains(headline, text);
        Assert.Contains(order["order_number"]!.GetValue<string>(), text);
        Assert.Contains("× 2 = 50 000", text);
        Assert.Contains(language == "ru" ? "Город" : "Shahar", text);
        Assert.Contains(total, text);
        Assert.Contains(howToPay, text);
        // The owner still gets the new-order message, and nothing else.
        await fake.WaitForAsync(_ => fake.Sent(OwnerChatId).Count == 1, TimeSpan.FromSeconds(10), "the owner's new order");
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE type = 'telegram.customer_order_received'"));
    }

    [Fact]
    public async Task The_owner_is_told_of_a_customer_cancellation_and_of_an_expiry_but_not_of_the_shops_own()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var product = await AddProductAsync(host, "MSG-2", 10);
        const long customer = 5302;
        var byCustomer = await PlaceAsync(host, customer, "ru", product, 1);
        var byExpiry = await PlaceAsync(host, customer, "ru", product, 1);
        var byShop = await PlaceAsync(host, customer, "ru", product, 1);
        await fake.WaitForAsync(_ => fake.Sent(OwnerChatId).Count == 3, TimeSpan.FromSeconds(10), "three new-order messages");

        using (var cancel = await host.Client.SendAsync(InitData.Request(HttpMethod.Post, $"/api/orders/{byCustomer["id"]}/cancel", InitData.For(customer, "Nodira", "ru"))))
            Assert.True(cancel.IsSuccessStatusCode);
        // The unpaid-order expiry (another part of the system) cancels through the same workflow, saying who did it.
        using (var scope = host.Services.CreateScope())
            Assert.True((await OrderWorkflow.TransitionAsync(scope.ServiceProvider.GetRequiredService<StoreDb>(), byExpiry["id"]!.GetValue<int>(),
                OrderStatuses.Cancelled, "system:expiry", CancellationToken.None, cancelledBy: OrderNotices.CancelledBy.Expiry)).Ok);
        using (var admin = await host.Client.SendAsync(InitData.Request(HttpMethod.Patch, $"/api/admin/orders/{byShop["id"]}",
                   InitData.For(AdminId, "Boss", "ru"), new { status = "cancelled" })))
            Assert.True(admin.IsSuccessStatusCode);

        await fake.WaitForAsync(_ => fake.Sent(OwnerChatId).Count >= 5, TimeSpan.FromSeconds(10), "two cancellation messages");
        await Task.Delay(500); // a third (wrong) one would have been queued with the admin's cancellation
        var cancellations = fake.Sent(OwnerChatId).Skip(3).Select(Text).ToList();
        Assert.Equal(2, cancellations.Count);
        Assert.Single(cancellations, t => t.Contains("Заказ отменён клиентом") && t.Contains(byCustomer["order_number"]!.GetValue<string>()));
        Assert.Single(cancellations, t => t.Contains("Заказ отменён по истечении срока") && t.Contains(byExpiry["order_number"]!.GetValue<string>()));
        Assert.DoesNotContain(cancellations, t => t.Contains(byShop["order_number"]!.GetValue<string>()));
        Assert.Equal(2L, await host.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE type = 'telegram.owner_cancelled' AND status = 'done'"));
    }

    [Fact]
    public async Task A_failing_bot_api_loses_no_order_received_message()
    {
        await using var fake = await FakeBotApi.StartAsync();
        fake.Script("sendMessage", new FakeBotApi.Reply.Http500(), new FakeBotApi.Reply.Http500(), new FakeBotApi.Reply.Http500());
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var product = await AddProductAsync(host, "MSG-3", 10);
        const long customer = 5303;

        var order = await PlaceAsync(host, customer, "uz", product, 1);

        await fake.WaitForAsync(_ => fake.Sent(customer).Count == 1 && fake.Sent(OwnerChatId).Count == 1, TimeSpan.FromSeconds(20), "both messages after the failures");
        Assert.Contains(order["order_number"]!.GetValue<string>(), Text(Assert.Single(fake.Sent(customer))));
        Assert.Equal(3, fake.Calls.Count(c => c.Method == "sendMessage" && !c.Delivered));
    }
}
