using System.Text;
using AmazingStore.Bot.Rendering;
using AmazingStore.Tests.Infrastructure;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Bot;

public sealed class AdminCommandTests
{
    [Fact]
    public async Task A_customer_asking_for_orders_is_refused_politely_and_an_admin_gets_them()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var product = await AddProductAsync(host, "TSHIRT-1", 10);
        var older = await PlaceOrderAsync(host, product);
        var newer = await PlaceOrderAsync(host, product, quantity: 2);

        await PostAsync(host, Message(CustomerId, "/orders", language: "ru"));
        await PostAsync(host, Message(AdminId, "/orders", language: "ru"));
        await WaitHandledAsync(host, 2);

        var refusal = Assert.Single(fake.Sent(CustomerId));
        Assert.Contains("только администраторам", Text(refusal));

        var replies = fake.Sent(AdminId);
        Assert.Equal(3, replies.Count); // two orders, then the page footer
        Assert.Contains(newer.OrderNumber, Text(replies[0])); // newest first
        Assert.Contains(older.OrderNumber, Text(replies[1]));
        var first = Text(replies[0]);
        Assert.Contains("Vali &lt;Valiyev&gt;", first);
        Assert.Contains("Mahsulot TSHIRT-1 (TSHIRT-1) × 2 = 50 000", first);
        Assert.Contains("Итого: 50 000", first);
        Assert.Contains("Amazing Store", first);
        Assert.Equal([$"o:{newer.Id}:pending:confirmed", $"o:{newer.Id}:pending:cancelled"],
            Buttons(replies[0]).Select(b => b["callback_data"]!.GetValue<string>()));
        Assert.Contains("страница 1 из 1", Text(replies[2]));

        // /orders confirmed filters by status: none yet.
        await PostAsync(host, Message(AdminId, "/orders confirmed", language: "ru"));
        await WaitHandledAsync(host, 3);
        Assert.Contains("Заказов нет", Text(fake.Sent(AdminId).Last()));
    }

    [Fact]
    public async Task Pressing_confirm_confirms_the_order_edits_the_message_answers_and_tells_the_customer()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var product = await AddProductAsync(host, "CUP-1", 10);
        var user = await AddCustomerAsync(host, CustomerId, "ru");
        var order = await PlaceOrderAsync(host, product, user);
        var data = $"o:{order.Id}:pending:confirmed";

        await PostAsync(host, Button(AdminId, data, messageId: 555, language: "ru"));
        await WaitHandledAsync(host, 1);

        Assert.Equal("confirmed", await host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", order.Id));
        var calls = fake.Calls;
        var answer = Assert.Single(calls, c => c.Method == "answerCallbackQuery");
        Assert.Contains("подтверждён", answer.Body["text"]!.GetValue<string>());
        var edit = Assert.Single(calls, c => c.Method == "editMessageText");
        Assert.Equal(555, edit.Body["message_id"]!.GetValue<long>());
        Assert.Contains("Статус: <b>подтверждён</b>", edit.Body["text"]!.GetValue<string>());
        Assert.Equal([$"o:{order.Id}:confirmed:shipped", $"o:{order.Id}:confirmed:cancelled"],
            Buttons(edit).Select(b => b["callback_data"]!.GetValue<string>()));

        var told = await fake.WaitForAsync(c => fake.Sent(CustomerId).Count > 0, TimeSpan.FromSeconds(5), "the customer's message");
        var customerMessage = Assert.Single(fake.Sent(CustomerId));
        Assert.Contains($"Ваш заказ <b>{order.OrderNumber}</b> подтверждён", Text(customerMessage));

        // The same button again (an old message): refused as stale, answered, nothing changes.
        await PostAsync(host, Button(AdminId, data, messageId: 555, language: "ru"));
        await WaitHandledAsync(host, 2);
        var stale = fake.Calls.Where(c => c.Method == "answerCallbackQuery").Last();
        Assert.Contains("уже изменён", stale.Body["text"]!.GetValue<string>());
        Assert.True(stale.Body["show_alert"]!.GetValue<bool>());
        Assert.Equal("confirmed", await host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", order.Id));

        // An illegal step (confirmed -> delivered) is refused with a clear answer.
        await PostAsync(host, Button(AdminId, $"o:{order.Id}:confirmed:delivered", messageId: 555, language: "ru"));
        await WaitHandledAsync(host, 3);
        Assert.Contains("нельзя", fake.Calls.Where(c => c.Method == "answerCallbackQuery").Last().Body["text"]!.GetValue<string>());
        Assert.Equal("confirmed", await host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", order.Id));

        // A customer pressing an admin button is refused and answered.
        await PostAsync(host, Button(CustomerId, $"o:{order.Id}:confirmed:cancelled", messageId: 9));
        await WaitHandledAsync(host, 4);
        Assert.Equal(4, fake.Calls.Count(c => c.Method == "answerCallbackQuery"));
        Assert.Equal("confirmed", await host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", order.Id));
    }

    [Fact]
    public async Task Stock_adjusts_through_the_ledger_and_refuses_going_below_reserved()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var product = await AddProductAsync(host, "MUG-7", 10);
        await PlaceOrderAsync(host, product, quantity: 3); // 3 reserved
        var movementsBefore = await host.ScalarAsync<long>("SELECT count(*) FROM inventory_movements WHERE product_id = $1", product);

        await PostAsync(host, Message(AdminId, "/stock MUG-7 -2", language: "ru"));
        await WaitHandledAsync(host, 1);
        Assert.Equal(8, await host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", product));
        Assert.Contains("на складе 8, в резерве 3, доступно 5", Text(fake.Sent(AdminId).Last()));
        Assert.Equal(("bot", -2), (
            await host.ScalarAsync<string>("SELECT reference_type FROM inventory_movements WHERE product_id = $1 ORDER BY id DESC LIMIT 1", product),
            await host.ScalarAsync<int>("SELECT quantity_change FROM inventory_movements WHERE product_id = $1 ORDER BY id DESC LIMIT 1", product)));
        Assert.Contains($"Telegram admin {AdminId} (@ali)",
            await host.ScalarAsync<string>("SELECT notes FROM inventory_movements WHERE product_id = $1 ORDER BY id DESC LIMIT 1", product));

        await PostAsync(host, Message(AdminId, "/stock MUG-7 -9999", language: "ru"));
        await WaitHandledAsync(host, 2);
        Assert.Contains("Нельзя", Text(fake.Sent(AdminId).Last()));
        Assert.Equal(8, await host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", product));
        Assert.Equal(movementsBefore + 1, await host.ScalarAsync<long>("SELECT count(*) FROM inventory_movements WHERE product_id = $1", product));

        await PostAsync(host, Message(AdminId, "/stock MUG-7 -7", language: "ru")); // 1 left on hand < 3 reserved
        await WaitHandledAsync(host, 3);
        Assert.Contains("меньше, чем зарезервировано заказами (3)", Text(fake.Sent(AdminId).Last()));
        Assert.Equal(8, await host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", product));
        Assert.Equal(movementsBefore + 1, await host.ScalarAsync<long>("SELECT count(*) FROM inventory_movements WHERE product_id = $1", product));

        await PostAsync(host, Message(AdminId, "/stock mug-7 =40", language: "ru"));
        await PostAsync(host, Message(AdminId, "/stock MUG-7", language: "ru"));
        await PostAsync(host, Message(AdminId, "/stock", language: "ru"));
        await WaitHandledAsync(host, 6);
        Assert.Equal(40, await host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", product));
        var texts = fake.Sent(AdminId).Select(Text).ToList();
        Assert.Contains(texts, t => t.Contains("На складе: <b>40</b>") && t.Contains("В резерве: <b>3</b>") && t.Contains("Доступно: <b>37</b>"));
        Assert.Contains(texts, t => t.StartsWith("<b>Остатки</b>"));
    }

    [Fact]
    public async Task Sync_lists_the_last_runs_and_a_button_starts_one()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        await host.ScalarAsync<int>("""
            INSERT INTO sync_logs (marketplace_id, sync_type, status, items_processed, items_failed, error_message, started_at)
            SELECT id, 'stock', 'partial', 12, 1, 'SKU <X> unknown', now() FROM marketplaces WHERE slug = 'uzum' RETURNING id
            """);

        await PostAsync(host, Message(AdminId, "/sync", language: "ru"));
        await WaitHandledAsync(host, 1);
        var reply = Assert.Single(fake.Sent(AdminId));
        Assert.Contains("SKU &lt;X&gt; unknown", Text(reply));
        var button = Buttons(reply).First(b => b["callback_data"]!.GetValue<string>().StartsWith("sy:"));

        await PostAsync(host, Button(AdminId, button["callback_data"]!.GetValue<string>(), reply.MessageId!.Value, language: "ru"));
        await WaitHandledAsync(host, 2);
        // The marketplace engine is part of the host, so the button really asks for a run.
        Assert.StartsWith("Запущено: uzum / stock", fake.Calls.Single(c => c.Method == "answerCallbackQuery").Body["text"]!.GetValue<string>());
    }

    [Fact]
    public void Callback_data_stays_within_64_bytes_for_the_largest_values()
    {
        foreach (var data in new[]
        {
            CallbackData.Transition(int.MaxValue, "confirmed", "cancelled"),
            CallbackData.OrdersPage("cancelled", int.MaxValue),
            CallbackData.StockPage(int.MaxValue),
            CallbackData.Sync(new string('w', 50), "orders"), // marketplaces.slug is VARCHAR(50)
        })
            Assert.InRange(Encoding.UTF8.GetByteCount(data), 1, 64);
        Assert.Throws<ArgumentException>(() => CallbackData.Sync(new string('ж', 40), "orders"));
    }

    [Fact]
    public void Long_texts_are_split_at_lines_without_breaking_entities()
    {
        var line = Html.E("Товар <&> ") + new string('x', 100);
        var text = string.Join('\n', Enumerable.Repeat(line, 100));
        var parts = Html.Split(text);
        Assert.True(parts.Count > 1);
        Assert.All(parts, p => Assert.InRange(p.Length, 1, Html.MaxMessageLength));
        Assert.Equal(text, string.Join('\n', parts));

        var oneLine = new string('a', 4094) + "&amp;" + new string('b', 10);
        var cut = Html.Split(oneLine);
        Assert.Equal(new string('a', 4094), cut[0]);
        Assert.StartsWith("&amp;", cut[1]);
    }
}
