using System.Net;
using AmazingStore.Tests.Bot;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Payments;

public sealed class StarsPaymentTests
{
    [Fact]
    public async Task A_Stars_order_gets_an_XTR_invoice_with_one_price_and_its_refund_calls_refundStarPayment()
    {
        await using var bed = await PaymentsBed.StartAsync(card: false, stars: true);
        var p = await bed.ProductAsync("STAR-A", 10_150m, 5);
        const long customer = 6401;

        var (status, order) = await bed.CheckoutAsync(customer, "stars", (p, 2));

        Assert.Equal(HttpStatusCode.Created, status);
        var id = order.GetProperty("id").GetInt32();
        var invoice = bed.Bot.InvoiceFor(order.GetProperty("invoice_link").GetString()!);
        Assert.Equal("XTR", invoice.Currency);
        Assert.True(string.IsNullOrEmpty(invoice.ProviderToken));
        var price = Assert.Single(invoice.Prices);
        Assert.Equal(102L, price.Amount); // ⌈20 300 / 200⌉ stars
        var (cardStatus, cardProblem) = await bed.CheckoutAsync(6402, "card", (p, 1));
        Assert.Equal((HttpStatusCode.BadRequest, "payment_method_unavailable"), (cardStatus, cardProblem.GetProperty("code").GetString()));

        var (answer, charge) = await bed.Bot.PayAsync(bed.Webhook, Secret, invoice.Link, customer);
        Assert.True(answer.Ok);
        await CardPaymentTests.MarketplaceBed_WaitAsync(async () => (await bed.OrderAsync(customer, id)).GetProperty("payment_status").GetString() == "paid", "paid");

        var (refundStatus, refunded) = await bed.AdminAsync(HttpMethod.Post, $"/api/admin/orders/{id}/refund", new { reason = "customer asked" });

        Assert.Equal(HttpStatusCode.OK, refundStatus);
        Assert.Equal("refunded", refunded.GetProperty("payment_status").GetString());
        var call = Assert.Single(bed.Bot.Calls, c => c.Method == "refundStarPayment");
        Assert.True(call.Delivered);
        Assert.Equal((customer, charge), (call.Body["user_id"]!.GetValue<long>(), call.Body["telegram_payment_charge_id"]!.GetValue<string>()));
        Assert.Equal("customer asked", await bed.Host.ScalarAsync<string>("SELECT refund_reason FROM order_payments WHERE order_id = $1 AND refunded_at IS NOT NULL", id));
        await bed.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.Body["chat_id"]!.GetValue<long>() == customer && Text(x).Contains("qaytarildi")),
            "customer told of the refund");

        // refunded is the end: a second refund is refused and Telegram is not asked again.
        var (again, problem) = await bed.AdminAsync(HttpMethod.Post, $"/api/admin/orders/{id}/refund", new { });
        Assert.Equal((HttpStatusCode.Conflict, "invalid_transition"), (again, problem.GetProperty("code").GetString()));
        Assert.Single(bed.Bot.Calls, c => c.Method == "refundStarPayment");
    }

    [Fact]
    public async Task A_refund_Telegram_refuses_changes_nothing_a_cash_order_cannot_be_refunded_and_only_admins_refund()
    {
        await using var bed = await PaymentsBed.StartAsync(card: true, stars: true);
        var p = await bed.ProductAsync("STAR-B", 4_000m, 5);
        var (_, stars) = await bed.CheckoutAsync(6501, "stars", (p, 1));
        var id = stars.GetProperty("id").GetInt32();
        Assert.True((await bed.Bot.PayAsync(bed.Webhook, Secret, stars.GetProperty("invoice_link").GetString()!, 6501)).Answer.Ok);
        await CardPaymentTests.MarketplaceBed_WaitAsync(async () => (await bed.OrderAsync(6501, id)).GetProperty("payment_status").GetString() == "paid", "paid");

        bed.Bot.Script("refundStarPayment", new FakeBotApi.Reply.Error(400, "Bad Request: BOT_PAYMENT_REFUND_FAILED"));
        var (failed, failure) = await bed.AdminAsync(HttpMethod.Post, $"/api/admin/orders/{id}/refund", new { });
        Assert.Equal((HttpStatusCode.BadGateway, "refund_failed"), (failed, failure.GetProperty("code").GetString()));
        Assert.Equal("paid", (await bed.OrderAsync(6501, id)).GetProperty("payment_status").GetString());
        Assert.Equal(0L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM order_payments WHERE refunded_at IS NOT NULL"));

        Assert.Equal(HttpStatusCode.Forbidden, (await bed.AsAsync(6501, HttpMethod.Post, $"/api/admin/orders/{id}/refund", new { })).Status);
        var (_, cash) = await bed.CheckoutAsync(6502, "cash", (p, 1));
        var (cashStatus, cashProblem) = await bed.AdminAsync(HttpMethod.Post, $"/api/admin/orders/{cash.GetProperty("id").GetInt32()}/refund", new { });
        Assert.Equal((HttpStatusCode.Conflict, "invalid_transition"), (cashStatus, cashProblem.GetProperty("code").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await bed.AdminAsync(HttpMethod.Post, "/api/admin/orders/999999/refund", new { })).Status);
    }
}
