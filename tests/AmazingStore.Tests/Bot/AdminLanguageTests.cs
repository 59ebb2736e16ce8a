using AmazingStore.Tests.Infrastructure;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Bot;

/// <summary>Admin replies follow the admin's Telegram language like customers' do: ru → Russian, anything else → Uzbek.</summary>
public sealed class AdminLanguageTests
{
    private const long RussianAdminId = 1002;

    [Fact]
    public async Task An_uzbek_admin_gets_orders_stock_and_buttons_in_uzbek_and_a_russian_one_in_russian()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake, ("Telegram:AdminIds:1", RussianAdminId.ToString())));
        var product = await AddProductAsync(host, "TSHIRT-1", 10);
        var order = await PlaceOrderAsync(host, product);

        foreach (var (admin, language) in new[] { (AdminId, "uz"), (RussianAdminId, "ru") })
            foreach (var command in new[] { "/orders", "/stock", "/stock TSHIRT-1" })
                await PostAsync(host, Message(admin, command, language));
        await WaitHandledAsync(host, 6);

        // Uzbek: the order, the page footer, the stock page, the product's figures; not a Cyrillic letter.
        var uz = fake.Sent(AdminId);
        Assert.Equal(4, uz.Count);
        Assert.All(uz, c => Assert.DoesNotMatch(@"\p{IsCyrillic}", Text(c)));
        Assert.Contains($"<b>Buyurtma {order.OrderNumber}</b>", Text(uz[0]));
        Assert.Contains("Holat: <b>tasdiqlash kutilmoqda</b>", Text(uz[0]));
        Assert.Contains("Mijoz: Vali &lt;Valiyev&gt;, +998901234567", Text(uz[0]));
        Assert.Contains("<b>Jami: 25 000 so'm</b>", Text(uz[0]));
        Assert.Equal(["✅ Tasdiqlash", "❌ Bekor qilish"], Buttons(uz[0]).Select(b => b["text"]!.GetValue<string>()));
        Assert.Equal("Buyurtmalar: 1/1-sahifa, jami 1 ta.", Text(uz[1]));
        Assert.StartsWith("<b>Qoldiqlar</b>", Text(uz[2]));
        Assert.Contains("<code>TSHIRT-1</code> Mahsulot TSHIRT-1: mavjud <b>9</b> (ombor 10, zaxira 1)", Text(uz[2]));
        Assert.Contains("Omborda: <b>10</b>\nZaxirada: <b>1</b>\nMavjud: <b>9</b>", Text(uz[3]));

        var ru = fake.Sent(RussianAdminId);
        Assert.Equal(4, ru.Count);
        Assert.Contains($"<b>Заказ {order.OrderNumber}</b>", Text(ru[0]));
        Assert.Contains("Статус: <b>ожидает подтверждения</b>", Text(ru[0]));
        Assert.Contains("<b>Итого: 25 000 сум</b>", Text(ru[0]));
        Assert.Equal(["✅ Подтвердить", "❌ Отменить"], Buttons(ru[0]).Select(b => b["text"]!.GetValue<string>()));
        Assert.Equal("Заказы: страница 1 из 1, всего 1.", Text(ru[1]));
        Assert.Contains("<code>TSHIRT-1</code> Товар &lt;TSHIRT-1&gt;: доступно <b>9</b> (склад 10, резерв 1)", Text(ru[2]));
        Assert.Contains("На складе: <b>10</b>\nВ резерве: <b>1</b>\nДоступно: <b>9</b>", Text(ru[3]));

        // A status button pressed by the Uzbek admin: answered and re-rendered in Uzbek.
        await PostAsync(host, Button(AdminId, $"o:{order.Id}:pending:confirmed", uz[0].MessageId!.Value, language: "uz"));
        await WaitHandledAsync(host, 7);
        Assert.Equal("confirmed", await host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", order.Id));
        var answer = fake.Calls.Single(c => c.Method == "answerCallbackQuery").Body["text"]!.GetValue<string>();
        Assert.Equal($"Tayyor: buyurtma {order.OrderNumber} — tasdiqlangan.", answer);
        var edit = fake.Calls.Single(c => c.Method == "editMessageText");
        Assert.Contains("Holat: <b>tasdiqlangan</b>", edit.Body["text"]!.GetValue<string>());
        Assert.Equal(["🚚 Jo'natildi", "❌ Bekor qilish"], Buttons(edit).Select(b => b["text"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_owner_notification_follows_the_owners_saved_language()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        await AddCustomerAsync(host, OwnerChatId, "uz"); // the owner has opened the shop and kept Uzbek
        var product = await AddProductAsync(host, "BAG-2", 5);
        var order = await PlaceOrderAsync(host, product);

        await fake.WaitForAsync(_ => fake.Sent(OwnerChatId).Count == 1, TimeSpan.FromSeconds(5), "the owner notification");
        var message = Assert.Single(fake.Sent(OwnerChatId));
        Assert.StartsWith($"🆕 Yangi buyurtma\n<b>Buyurtma {order.OrderNumber}</b>", Text(message));
        Assert.DoesNotMatch(@"\p{IsCyrillic}", Text(message));
        Assert.Equal(["✅ Tasdiqlash", "❌ Bekor qilish"], Buttons(message).Select(b => b["text"]!.GetValue<string>()));
    }
}
