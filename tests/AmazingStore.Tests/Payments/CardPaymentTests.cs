using System.Net;
using System.Text.Json;
using AmazingStore.Data.Inventory;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Orders;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Payments;

public sealed class CardPaymentTests
{
    [Fact]
    public async Task A_card_order_gets_a_UZS_invoice_in_tiyin_adding_up_to_the_total_and_a_cash_order_asks_for_none()
    {
        await using var bed = await PaymentsBed.StartAsync(card: true, stars: false);
        var a = await bed.ProductAsync("PAY-A", 125_000.50m, 10);
        var b = await bed.ProductAsync("PAY-B", 9_999m, 10);

        var (cashStatus, cash) = await bed.CheckoutAsync(6001, null, (a, 1));
        Assert.Equal(HttpStatusCode.Created, cashStatus);
        Assert.Equal("cash", cash.GetProperty("payment_method").GetString());
        Assert.False(cash.TryGetProperty("invoice_link", out _));

        var (status, order) = await bed.CheckoutAsync(6002, "card", (a, 2), (b, 3));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(("pending", "unpaid", "card"), (order.GetProperty("status").GetString(), order.GetProperty("payment_status").GetString(),
            order.GetProperty("payment_method").GetString()));
        var total = order.GetProperty("total").GetDecimal();
        Assert.Equal(2 * 125_000.50m + 3 * 9_999m, total);
        var invoice = Assert.Single(bed.Bot.Invoices);
        Assert.Single(bed.Bot.Calls, c => c.Method == "createInvoiceLink"); // none for the cash order
        Assert.Equal(invoice.Link, order.GetProperty("invoice_link").GetString());
        Assert.Equal(("UZS", PaymentsBed.ProviderToken), (invoice.Currency, invoice.ProviderToken));
        Assert.Equal([25_000_100L, 2_999_700L], invoice.Prices.Select(p => p.Amount));
        Assert.Equal((long)(total * 100), invoice.Total);
        Assert.InRange(invoice.Title.Length, 1, 32);
        // Opaque: nothing of the order in it, and long enough not to be guessed.
        var id = order.GetProperty("id").GetInt32();
        Assert.DoesNotContain(order.GetProperty("order_number").GetString()!, invoice.Payload);
        Assert.True(invoice.Payload.Length >= 32);
        Assert.NotEqual(id.ToString(), invoice.Payload);
        // Stock is reserved while it waits for the payment.
        Assert.Equal(new StockFigures(a, 10, 3, 7), await bed.FiguresAsync(a));

        // Stars are not configured: refused before anything is reserved; the methods on offer say so.
        var (starsStatus, problem) = await bed.CheckoutAsync(6003, "stars", (b, 1));
        Assert.Equal((HttpStatusCode.BadRequest, "payment_method_unavailable"), (starsStatus, problem.GetProperty("code").GetString()));
        var (unknown, unknownProblem) = await bed.CheckoutAsync(6003, "bitcoin", (b, 1));
        Assert.Equal((HttpStatusCode.BadRequest, "payment_method_unavailable"), (unknown, unknownProblem.GetProperty("code").GetString()));
        Assert.Equal(new StockFigures(b, 10, 3, 7), await bed.FiguresAsync(b));
        using var methods = JsonDocument.Parse(await bed.Host.Client.GetStringAsync("/api/payment-methods"));
        Assert.Equal(["cash", "card"], methods.RootElement.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    [Fact]
    public async Task Pre_checkout_is_ok_for_the_true_amount_and_refused_in_the_customers_language_otherwise_each_within_ten_seconds()
    {
        await using var bed = await PaymentsBed.StartAsync();
        var p = await bed.ProductAsync("PCQ-A", 50_000m, 10);
        const long customer = 6017; // speaks Russian
        var (_, order) = await bed.CheckoutAsync(customer, "card", (p, 2));
        var invoice = bed.Bot.InvoiceFor(order.GetProperty("invoice_link").GetString()!);
        var (_, other) = await bed.CheckoutAsync(6018, "card", (p, 1));
        var otherInvoice = bed.Bot.InvoiceFor(other.GetProperty("invoice_link").GetString()!);

        var wrongAmount = await bed.Bot.SendPreCheckoutAsync(bed.Webhook, Secret, customer, "UZS", invoice.Total - 100, invoice.Payload, "ru");
        var wrongCurrency = await bed.Bot.SendPreCheckoutAsync(bed.Webhook, Secret, customer, "XTR", invoice.Total, invoice.Payload, "ru");
        var foreign = await bed.Bot.SendPreCheckoutAsync(bed.Webhook, Secret, 6019, "UZS", invoice.Total, invoice.Payload, "uz");
        var forged = await bed.Bot.SendPreCheckoutAsync(bed.Webhook, Secret, customer, "UZS", invoice.Total, invoice.Payload + "x", "ru");
        var ok = await bed.Bot.SendPreCheckoutAsync(bed.Webhook, Secret, customer, "UZS", invoice.Total, invoice.Payload, "ru");

        foreach (var refused in new[] { wrongAmount, wrongCurrency, foreign, forged })
        {
            Assert.True(refused.Answered && refused.After < FakeBotApi.PreCheckoutDeadline, $"answered in time: {refused}");
            Assert.False(refused.Ok);
            Assert.False(string.IsNullOrWhiteSpace(refused.ErrorMessage));
        }
        Assert.Contains("Сумма", wrongAmount.ErrorMessage); // the customer's language (Russian)
        Assert.Contains("boshqa xaridor", foreign.ErrorMessage); // the stranger's own (Uzbek)
        Assert.True(ok.Answered && ok.Ok && ok.After < FakeBotApi.PreCheckoutDeadline, $"ok: {ok}");

        // Cancelled: refused.
        var otherId = other.GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await bed.AsAsync(6018, HttpMethod.Post, $"/api/orders/{otherId}/cancel")).Status);
        var cancelled = await bed.Bot.SendPreCheckoutAsync(bed.Webhook, Secret, 6018, "UZS", otherInvoice.Total, otherInvoice.Payload);
        Assert.True(cancelled.Answered && !cancelled.Ok && cancelled.After < FakeBotApi.PreCheckoutDeadline);
        Assert.Contains("bekor", cancelled.ErrorMessage);

        // Expired: refused too. (The approval above keeps the first order from expiring for a while: a second order is aged.)
        var (_, third) = await bed.CheckoutAsync(6020, "card", (p, 1));
        var thirdInvoice = bed.Bot.InvoiceFor(third.GetProperty("invoice_link").GetString()!);
        await bed.AgeAsync(third.GetProperty("id").GetInt32(), TimeSpan.FromMinutes(31));
        Assert.Equal([third.GetProperty("id").GetInt32()], await bed.ExpireAsync());
        var expired = await bed.Bot.SendPreCheckoutAsync(bed.Webhook, Secret, 6020, "UZS", thirdInvoice.Total, thirdInvoice.Payload);
        Assert.True(expired.Answered && !expired.Ok && expired.After < FakeBotApi.PreCheckoutDeadline);
    }

    [Fact]
    public async Task A_payment_marks_the_order_paid_tells_customer_and_owner_and_the_same_charge_again_changes_nothing()
    {
        await using var bed = await PaymentsBed.StartAsync();
        var p = await bed.ProductAsync("SP-A", 70_000m, 5);
        const long customer = 6101;
        var (_, order) = await bed.CheckoutAsync(customer, "card", (p, 1));
        var id = order.GetProperty("id").GetInt32();
        // The owner's new-order message is out first (its message id is what a payment edits).
        var calls = await bed.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.Delivered && x.Body["chat_id"]!.GetValue<long>() == OwnerChatId), "owner's order message");
        var ownerMessage = calls.First(x => x.Method == "sendMessage" && x.Body["chat_id"]!.GetValue<long>() == OwnerChatId).MessageId;

        var (answer, charge) = await bed.Bot.PayAsync(bed.Webhook, Secret, order.GetProperty("invoice_link").GetString()!, customer);
        Assert.True(answer.Ok);

        await MarketplaceBed_WaitAsync(async () => (await bed.OrderAsync(customer, id)).GetProperty("payment_status").GetString() == "paid", "paid");
        var paid = await bed.OrderAsync(customer, id);
        Assert.Equal("pending", paid.GetProperty("status").GetString());
        Assert.NotEqual(JsonValueKind.Null, paid.GetProperty("paid_at").ValueKind);
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>(
            "SELECT count(*) FROM order_payments WHERE order_id = $1 AND telegram_payment_charge_id = $2 AND provider_payment_charge_id = $3 AND NOT late",
            id, charge!, "prov_" + charge));
        var after = await bed.WaitForAsync(c =>
            c.Any(x => x.Method == "sendMessage" && x.Delivered && x.Body["chat_id"]!.GetValue<long>() == customer && Text(x).Contains("to'lov qabul"))
            && c.Any(x => x.Method == "sendMessage" && x.Delivered && x.Body["chat_id"]!.GetValue<long>() == OwnerChatId && Text(x).Contains("оплачен"))
            && c.Any(x => x.Method == "editMessageText" && x.Delivered && x.Body["message_id"]!.GetValue<long>() == ownerMessage),
            "customer told, owner alerted and the order message updated");
        var edit = after.Last(x => x.Method == "editMessageText" && x.Body["message_id"]!.GetValue<long>() == ownerMessage);
        Assert.Contains("оплачен", Text(edit)); // the owner reads Russian; the message now says paid
        Assert.Contains(Buttons(edit), b => b["callback_data"]!.GetValue<string>() == $"rf:{id}");

        // Telegram delivers the same charge again (a new update): nothing changes, nobody is told twice.
        var sentBefore = bed.Bot.Calls.Count(c => c.Method == "sendMessage");
        var invoice = bed.Bot.InvoiceFor(order.GetProperty("invoice_link").GetString()!);
        await bed.Bot.SendSuccessfulPaymentAsync(bed.Webhook, Secret, customer, "UZS", invoice.Total, invoice.Payload, charge);
        await WaitHandledAsync(bed.Host, 3);
        await Task.Delay(1500); // an outbox pass or two, had anything been queued
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM order_payments"));
        Assert.False((await bed.OrderAsync(customer, id)).GetProperty("needs_refund").GetBoolean());
        Assert.Equal(sentBefore, bed.Bot.Calls.Count(c => c.Method == "sendMessage"));
        // Paid: no fresh invoice.
        var (again, problem) = await bed.AsAsync(customer, HttpMethod.Post, $"/api/orders/{id}/invoice");
        Assert.Equal((HttpStatusCode.Conflict, "invalid_transition"), (again, problem.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_payment_for_an_expired_order_is_recorded_flagged_for_refund_and_the_owner_alerted_with_a_button()
    {
        await using var bed = await PaymentsBed.StartAsync();
        var p = await bed.ProductAsync("LATE-A", 30_000m, 5);
        const long customer = 6201;
        var (_, order) = await bed.CheckoutAsync(customer, "card", (p, 2));
        var id = order.GetProperty("id").GetInt32();
        var invoice = bed.Bot.InvoiceFor(order.GetProperty("invoice_link").GetString()!);
        await bed.AgeAsync(id, TimeSpan.FromMinutes(45));
        Assert.Equal([id], await bed.ExpireAsync());
        Assert.Equal(new StockFigures(p, 5, 0, 5), await bed.FiguresAsync(p));

        // The payer's app had the invoice open: the money arrives anyway.
        var charge = await bed.Bot.SendSuccessfulPaymentAsync(bed.Webhook, Secret, customer, "UZS", invoice.Total, invoice.Payload);

        var calls = await bed.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.Delivered
            && x.Body["chat_id"]!.GetValue<long>() == OwnerChatId && Buttons(x).Any(b => b["callback_data"]!.GetValue<string>() == $"rf:{id}")),
            "owner alerted with a refund button");
        var now = await bed.OrderAsync(customer, id);
        Assert.Equal(("cancelled", "paid", true), (now.GetProperty("status").GetString(), now.GetProperty("payment_status").GetString(),
            now.GetProperty("needs_refund").GetBoolean()));
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM order_payments WHERE order_id = $1 AND late AND telegram_payment_charge_id = $2", id, charge));
        // Stock stays released: the money never brings back a cancelled order.
        Assert.Equal(new StockFigures(p, 5, 0, 5), await bed.FiguresAsync(p));
        await bed.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.Body["chat_id"]!.GetValue<long>() == customer && Text(x).Contains("qaytaramiz")),
            "customer told the money goes back");

        // The owner refunds from the alert: asked first, then done (a card payment is recorded; the provider returns it).
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(bed.Host, Button(AdminId, $"rf:{id}", 1))).StatusCode);
        await bed.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && Buttons(x).Any(b => b["callback_data"]!.GetValue<string>() == $"rf:{id}:y")), "confirmation");
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(bed.Host, Button(AdminId, $"rf:{id}:y", 1))).StatusCode);
        await MarketplaceBed_WaitAsync(async () => (await bed.OrderAsync(customer, id)).GetProperty("payment_status").GetString() == "refunded", "refunded");
        Assert.False((await bed.OrderAsync(customer, id)).GetProperty("needs_refund").GetBoolean());
        Assert.DoesNotContain(bed.Bot.Calls, c => c.Method == "refundStarPayment");
    }

    [Fact]
    public async Task When_Telegram_gives_no_invoice_the_order_is_kept_and_a_fresh_link_can_be_fetched()
    {
        await using var bed = await PaymentsBed.StartAsync();
        var p = await bed.ProductAsync("INV-A", 10_000m, 5);
        bed.Bot.Script("createInvoiceLink", new FakeBotApi.Reply.Http500());

        var (status, order) = await bed.CheckoutAsync(6301, "card", (p, 2));

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal("invoice_unavailable", order.GetProperty("invoice_error").GetString());
        Assert.False(order.TryGetProperty("invoice_link", out _));
        var id = order.GetProperty("id").GetInt32();
        Assert.Equal(new StockFigures(p, 5, 2, 3), await bed.FiguresAsync(p));
        Assert.Empty((await new StoreApi.Shopper(bed.Host, 6301).JsonAsync(HttpMethod.Get, "/api/cart")).GetProperty("items").EnumerateArray());

        // Asking again is what the client does; a busy machine may still time one call out (3 s in tests), so a few tries, bounded.
        var (again, link) = await bed.AsAsync(6301, HttpMethod.Post, $"/api/orders/{id}/invoice");
        for (var attempt = 0; attempt < 3 && again == HttpStatusCode.ServiceUnavailable; attempt++)
        {
            Assert.Equal("invoice_unavailable", link.GetProperty("code").GetString());
            await Task.Delay(500);
            (again, link) = await bed.AsAsync(6301, HttpMethod.Post, $"/api/orders/{id}/invoice");
        }
        Assert.True(again == HttpStatusCode.OK, $"{again}; createInvoiceLink calls: " +
            string.Join(", ", bed.Bot.Calls.Where(c => c.Method == "createInvoiceLink").Select(c => c.Delivered ? "ok" : "failed")));
        var invoice = bed.Bot.InvoiceFor(link.GetProperty("invoice_link").GetString()!);
        Assert.Equal(2_000_000L, invoice.Total);
        Assert.Equal(HttpStatusCode.NotFound, (await bed.AsAsync(6302, HttpMethod.Post, $"/api/orders/{id}/invoice")).Status);
        // And it pays.
        Assert.True((await bed.Bot.PayAsync(bed.Webhook, Secret, invoice.Link, 6301)).Answer.Ok);
        await MarketplaceBed_WaitAsync(async () => (await bed.OrderAsync(6301, id)).GetProperty("payment_status").GetString() == "paid", "paid");
        await Shop.AssertReconcilesAsync(bed.Host);
    }

    [Fact]
    public async Task Cancelling_a_paid_order_flags_its_money_for_refund_and_alerts_the_owner()
    {
        await using var bed = await PaymentsBed.StartAsync();
        var p = await bed.ProductAsync("CXL-A", 20_000m, 5);
        var (_, order) = await bed.CheckoutAsync(6901, "card", (p, 1));
        var id = order.GetProperty("id").GetInt32();
        Assert.True((await bed.Bot.PayAsync(bed.Webhook, Secret, order.GetProperty("invoice_link").GetString()!, 6901)).Answer.Ok);
        await MarketplaceBed_WaitAsync(async () => (await bed.OrderAsync(6901, id)).GetProperty("payment_status").GetString() == "paid", "paid");

        var (status, cancelled) = await bed.AsAsync(6901, HttpMethod.Post, $"/api/orders/{id}/cancel");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("cancelled", "paid", true), (cancelled.GetProperty("status").GetString(), cancelled.GetProperty("payment_status").GetString(),
            cancelled.GetProperty("needs_refund").GetBoolean()));
        Assert.Equal(new StockFigures(p, 5, 0, 5), await bed.FiguresAsync(p));
        await bed.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.Body["chat_id"]!.GetValue<long>() == OwnerChatId
            && Text(x).Contains("Верните") && Buttons(x).Any(b => b["callback_data"]!.GetValue<string>() == $"rf:{id}")), "owner alerted to refund");
    }

    internal static Task MarketplaceBed_WaitAsync(Func<Task<bool>> condition, string what) =>
        Marketplaces.MarketplaceBed.WaitUntilAsync(condition, TimeSpan.FromSeconds(15), what);
}
