using System.Net;
using System.Text.Json;
using AmazingStore.Data.Inventory;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Payments;

/// <summary>
/// A client that lost the 201 of a card/Stars checkout retries with the same Idempotency-Key: it gets the same
/// order and a link it can pay with, never a second order or reservation; once paid, a replay offers nothing to pay.
/// </summary>
public sealed class IdempotentInvoiceTests
{
    [Fact]
    public async Task Replaying_a_card_checkout_returns_the_same_order_with_a_payable_invoice_link_and_reserves_nothing_twice()
    {
        await using var bed = await PaymentsBed.StartAsync();
        var p = await bed.ProductAsync("IDEM-A", 40_000.50m, 10);
        const long customer = 6901;
        var key = "retry-" + Guid.NewGuid().ToString("N");

        var (status, first) = await CheckoutAsync(bed, customer, "card", key, p, 3);
        var (againStatus, again) = await ReplayAsync(bed, customer, "card", key);

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (status, againStatus));
        var id = first.GetProperty("id").GetInt32();
        Assert.Equal(id, again.GetProperty("id").GetInt32());
        var (link1, link2) = (first.GetProperty("invoice_link").GetString()!, again.GetProperty("invoice_link").GetString()!);
        Assert.False(again.TryGetProperty("invoice_error", out _));
        // Both are links the fake Bot API issued, for this order's total, in UZS with the provider token.
        var (invoice1, invoice2) = (bed.Bot.InvoiceFor(link1), bed.Bot.InvoiceFor(link2));
        Assert.Equal(2, bed.Bot.Calls.Count(c => c.Method == "createInvoiceLink"));
        foreach (var invoice in new[] { invoice1, invoice2 })
            Assert.Equal(("UZS", PaymentsBed.ProviderToken, 3 * 4_000_050L), (invoice.Currency, invoice.ProviderToken, invoice.Total));
        // One order and one reservation: the replay touched no stock.
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>(
            "SELECT count(*) FROM inventory_movements WHERE reference_type = 'order' AND reference_id = $1 AND movement_type = 'reserve'", id));
        Assert.Equal(new StockFigures(p, 10, 3, 7), await bed.FiguresAsync(p));

        // The replayed link is the one the customer pays with.
        var (answer, _) = await bed.Bot.PayAsync(bed.Webhook, Secret, link2, customer);
        Assert.True(answer.Ok, $"pre-checkout: {answer}");
        await CardPaymentTests.MarketplaceBed_WaitAsync(async () => (await bed.OrderAsync(customer, id)).GetProperty("payment_status").GetString() == "paid", "paid");

        // Paid: a late replay still answers with the order (now paid), and offers nothing to pay — no link, no error.
        var callsBefore = bed.Bot.Calls.Count(c => c.Method == "createInvoiceLink");
        var (paidStatus, paid) = await ReplayAsync(bed, customer, "card", key);
        Assert.Equal(HttpStatusCode.Created, paidStatus);
        Assert.Equal((id, "paid"), (paid.GetProperty("id").GetInt32(), paid.GetProperty("payment_status").GetString()));
        Assert.False(paid.TryGetProperty("invoice_link", out _));
        Assert.False(paid.TryGetProperty("invoice_error", out _));
        Assert.Equal(callsBefore, bed.Bot.Calls.Count(c => c.Method == "createInvoiceLink"));
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(new StockFigures(p, 10, 3, 7), await bed.FiguresAsync(p));
    }

    [Fact]
    public async Task Replaying_a_Stars_checkout_returns_a_fresh_XTR_link_and_a_cancelled_one_offers_none()
    {
        await using var bed = await PaymentsBed.StartAsync(card: false, stars: true);
        var p = await bed.ProductAsync("IDEM-S", 10_000m, 5);
        const long customer = 6902;
        var key = "stars-" + Guid.NewGuid().ToString("N");

        var (_, first) = await CheckoutAsync(bed, customer, "stars", key, p, 2);
        var (status, again) = await ReplayAsync(bed, customer, "stars", key);

        Assert.Equal(HttpStatusCode.Created, status);
        var id = first.GetProperty("id").GetInt32();
        Assert.Equal(id, again.GetProperty("id").GetInt32());
        var invoice = bed.Bot.InvoiceFor(again.GetProperty("invoice_link").GetString()!);
        Assert.Equal(("XTR", 100L), (invoice.Currency, invoice.Total)); // 20 000 so'm at 200 so'm a star
        Assert.Equal(new StockFigures(p, 5, 2, 3), await bed.FiguresAsync(p));

        // Cancelled by the customer: the replay shows the cancelled order and nothing to pay.
        Assert.Equal(HttpStatusCode.OK, (await bed.AsAsync(customer, HttpMethod.Post, $"/api/orders/{id}/cancel")).Status);
        var (_, cancelled) = await ReplayAsync(bed, customer, "stars", key);
        Assert.Equal((id, "cancelled"), (cancelled.GetProperty("id").GetInt32(), cancelled.GetProperty("status").GetString()));
        Assert.False(cancelled.TryGetProperty("invoice_link", out _));
        Assert.Equal(new StockFigures(p, 5, 0, 5), await bed.FiguresAsync(p));
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders"));
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> CheckoutAsync(PaymentsBed bed, long telegramId, string method,
        string key, int product, int quantity)
    {
        Assert.Equal(HttpStatusCode.OK, (await bed.AsAsync(telegramId, HttpMethod.Post, "/api/cart", new { product_id = product, quantity })).Status);
        return await ReplayAsync(bed, telegramId, method, key);
    }

    /// <summary>The retry after a lost reply: the same body and key, the cart already emptied by the first.</summary>
    private static Task<(HttpStatusCode Status, JsonElement Body)> ReplayAsync(PaymentsBed bed, long telegramId, string method, string key)
    {
        var req = InitData.Request(HttpMethod.Post, "/api/orders", InitData.For(telegramId, languageCode: PaymentsBed.Language(telegramId)),
            new { customer_phone = "+998901234567", delivery_address = "Toshkent, Chilonzor 1", payment_method = method });
        req.Headers.Add("Idempotency-Key", key);
        return Shop.SendAsync(bed.Host, req);
    }
}
