using System.Net;
using AmazingStore.Data.Inventory;
using AmazingStore.Tests.Orders;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Payments;

/// <summary>
/// Issue 18 item 5, the confirmed case: an unpaid card order an admin confirmed is not cancelled by the system,
/// but once it is past the unpaid timeout the owner is reminded, exactly once, with the order's cancel button.
/// </summary>
public sealed class UnpaidReminderTests
{
    private const string Reminder = "всё ещё не оплачен"; // the owner reads Russian

    [Fact]
    public async Task A_confirmed_unpaid_card_order_past_the_timeout_is_kept_and_the_owner_reminded_once_with_a_cancel_button()
    {
        await using var bed = await PaymentsBed.StartAsync();
        var p = await bed.ProductAsync("REM-A", 20_000m, 10);
        const long customer = 6951, payer = 6952;
        var (_, order) = await bed.CheckoutAsync(customer, "card", (p, 2));
        var (_, paidOrder) = await bed.CheckoutAsync(payer, "card", (p, 1));
        var (id, paidId) = (order.GetProperty("id").GetInt32(), paidOrder.GetProperty("id").GetInt32());
        Assert.True((await bed.Bot.PayAsync(bed.Webhook, Secret, paidOrder.GetProperty("invoice_link").GetString()!, payer)).Answer.Ok);
        await CardPaymentTests.MarketplaceBed_WaitAsync(async () => (await bed.OrderAsync(payer, paidId)).GetProperty("payment_status").GetString() == "paid", "paid");
        foreach (var o in new[] { id, paidId })
            Assert.Equal(HttpStatusCode.OK, (await bed.AdminAsync(HttpMethod.Patch, $"/api/admin/orders/{o}", new { status = "confirmed" })).Status);

        // Within the timeout: nothing.
        await bed.AgeAsync(id, TimeSpan.FromMinutes(29));
        await bed.AgeAsync(paidId, TimeSpan.FromHours(5));
        Assert.Empty(await bed.ExpireAsync());
        Assert.Equal(0L, await RemindersAsync(bed));

        // Past it: not cancelled, the reservation still held, the owner reminded (the paid order needs no reminder).
        await bed.AgeAsync(id, TimeSpan.FromMinutes(2));
        Assert.Empty(await bed.ExpireAsync());
        Assert.Equal(1L, await RemindersAsync(bed));
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE type = 'telegram.owner_unpaid' AND (payload->>'order_id')::int = $1", id));
        var now = await bed.OrderAsync(customer, id);
        Assert.Equal(("confirmed", "unpaid"), (now.GetProperty("status").GetString(), now.GetProperty("payment_status").GetString()));
        Assert.Equal(new StockFigures(p, 10, 3, 7), await bed.FiguresAsync(p));
        Assert.Equal(0L, await bed.Host.ScalarAsync<long>(
            "SELECT count(*) FROM inventory_movements WHERE reference_type = 'order' AND reference_id = $1 AND movement_type = 'release'", id));
        var calls = await bed.WaitForAsync(c => c.Any(x => IsReminder(x) && x.Delivered), "the owner's reminder");
        var reminder = calls.Single(IsReminder);
        Assert.Contains(order.GetProperty("order_number").GetString()!, Text(reminder));
        var cancel = $"o:{id}:confirmed:cancelled";
        Assert.Contains(Buttons(reminder), b => b["callback_data"]!.GetValue<string>() == cancel);

        // Once: later passes queue nothing more and the owner hears nothing more.
        Assert.Empty(await bed.ExpireAsync());
        Assert.Empty(await bed.ExpireAsync());
        Assert.Equal(1L, await RemindersAsync(bed));
        await Task.Delay(1500); // an outbox pass or two, had anything been queued
        Assert.Single(bed.Bot.Calls, IsReminder);

        // The reminder's cancel button is the order's own: the stock comes back through the workflow.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(bed.Host, Button(AdminId, cancel, reminder.MessageId ?? 1))).StatusCode);
        await CardPaymentTests.MarketplaceBed_WaitAsync(async () => (await bed.OrderAsync(customer, id)).GetProperty("status").GetString() == "cancelled", "cancelled");
        Assert.Equal(new StockFigures(p, 10, 1, 9), await bed.FiguresAsync(p));
        await Shop.AssertReconcilesAsync(bed.Host);
    }

    private static bool IsReminder(Bot.FakeBotApi.Call c) =>
        c.Method == "sendMessage" && c.Body["chat_id"]!.GetValue<long>() == OwnerChatId && Text(c).Contains(Reminder);

    private static Task<long> RemindersAsync(PaymentsBed bed) =>
        bed.Host.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE type = 'telegram.owner_unpaid'");
}
