using System.Net;
using AmazingStore.Data.Inventory;
using AmazingStore.Tests.Marketplaces;
using AmazingStore.Tests.Orders;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Payments;

public sealed class ExpiryTests
{
    [Fact]
    public async Task An_unpaid_card_order_expires_its_reservation_released_through_the_ledger_and_every_marketplace_told_the_new_amount()
    {
        await using var bed = await PaymentsBed.StartAsync(marketplaces: true);
        var m = bed.Markets!;
        var p = await bed.ProductAsync("EXP-A", 15_000m, 10);
        await m.MapEverywhereAsync((p, 1));
        const long customer = 6601;

        var (status, order) = await bed.CheckoutAsync(customer, "card", (p, 4));
        Assert.Equal(HttpStatusCode.Created, status);
        var id = order.GetProperty("id").GetInt32();
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(Told(m, 6)), TimeSpan.FromSeconds(20), "every marketplace told 6 after the reservation");

        // Not yet due: nothing happens.
        await bed.AgeAsync(id, TimeSpan.FromMinutes(29));
        Assert.Empty(await bed.ExpireAsync());
        await bed.AgeAsync(id, TimeSpan.FromMinutes(2));

        Assert.Equal([id], await bed.ExpireAsync());

        Assert.Equal(new StockFigures(p, 10, 0, 10), await bed.FiguresAsync(p));
        await Shop.AssertReconcilesAsync(bed.Host);
        var now = await bed.OrderAsync(customer, id);
        Assert.Equal(("cancelled", "unpaid"), (now.GetProperty("status").GetString(), now.GetProperty("payment_status").GetString()));
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>(
            "SELECT count(*) FROM inventory_movements WHERE reference_type = 'order' AND reference_id = $1 AND movement_type = 'release'", id));
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(Told(m, 10)), TimeSpan.FromSeconds(20), "every marketplace told 10 after the expiry");
        await bed.WaitForAsync(c =>
            c.Any(x => x.Method == "sendMessage" && x.Delivered && x.Body["chat_id"]!.GetValue<long>() == customer && Text(x).Contains("to'lanmagani"))
            && c.Any(x => x.Method == "sendMessage" && x.Delivered && x.Body["chat_id"]!.GetValue<long>() == OwnerChatId && Text(x).Contains("истечении")),
            "customer and owner told of the expiry");
        // The owner hears of the expiry once: one cancellation notice, and no payment notice beside it.
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>(
            "SELECT count(*) FROM outbox_messages WHERE type IN ('telegram.owner_cancelled', 'telegram.owner_payment') AND (payload->>'order_id')::int = $1", id));
        // Once: a second pass finds nothing.
        Assert.Empty(await bed.ExpireAsync());
    }

    private static bool Told(MarketplaceBed m, int amount) =>
        m.Uzum.Stock.TryGetValue("4780000000001", out var u) && u == amount
        && m.Wb.Stock.TryGetValue(700001, out var w) && w == amount
        && m.Ozon.Stock.TryGetValue($"OFFER-1@{MarketplaceBed.OzonWarehouse}", out var o) && o == amount;

    [Fact]
    public async Task An_order_whose_pre_checkout_was_just_approved_is_not_expired_and_its_payment_lands()
    {
        await using var bed = await PaymentsBed.StartAsync();
        var p = await bed.ProductAsync("EXP-B", 5_000m, 3);
        var (_, order) = await bed.CheckoutAsync(6701, "card", (p, 1));
        var id = order.GetProperty("id").GetInt32();
        var invoice = bed.Bot.InvoiceFor(order.GetProperty("invoice_link").GetString()!);
        await bed.AgeAsync(id, TimeSpan.FromMinutes(40));

        Assert.True((await bed.Bot.SendPreCheckoutAsync(bed.Webhook, Secret, 6701, invoice.Currency, invoice.Total, invoice.Payload)).Ok);
        Assert.Empty(await bed.ExpireAsync());
        await bed.Bot.SendSuccessfulPaymentAsync(bed.Webhook, Secret, 6701, invoice.Currency, invoice.Total, invoice.Payload);
        await CardPaymentTests.MarketplaceBed_WaitAsync(async () => (await bed.OrderAsync(6701, id)).GetProperty("payment_status").GetString() == "paid", "paid");
        Assert.Equal("pending", (await bed.OrderAsync(6701, id)).GetProperty("status").GetString());
        Assert.Equal(new StockFigures(p, 3, 1, 2), await bed.FiguresAsync(p));

        // Paid orders never expire, however old; an approval long ago protects nothing.
        await bed.Host.ScalarAsync<int?>("UPDATE orders SET precheckout_approved_at = now() - interval '1 hour' WHERE id = $1 RETURNING 1", id);
        Assert.Empty(await bed.ExpireAsync());
    }

    [Fact]
    public async Task An_unconfirmed_cash_order_expires_after_the_configured_time_and_a_confirmed_one_does_not()
    {
        await using var bed = await PaymentsBed.StartAsync(marketplaces: true, extra: ("Orders:UnconfirmedCashExpiryMinutes", "120"));
        var p = await bed.ProductAsync("EXP-C", 1_000m, 10);
        await bed.Markets!.MapEverywhereAsync((p, 1));
        var (_, open) = await bed.CheckoutAsync(6801, null, (p, 3));
        var (_, confirmed) = await bed.CheckoutAsync(6802, "cash", (p, 2));
        var (openId, confirmedId) = (open.GetProperty("id").GetInt32(), confirmed.GetProperty("id").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await bed.AdminAsync(HttpMethod.Patch, $"/api/admin/orders/{confirmedId}", new { status = "confirmed" })).Status);
        await bed.AgeAsync(openId, TimeSpan.FromMinutes(119));
        await bed.AgeAsync(confirmedId, TimeSpan.FromDays(3));
        Assert.Empty(await bed.ExpireAsync()); // card's 30 minutes are not the cash orders' limit

        await bed.AgeAsync(openId, TimeSpan.FromMinutes(2));
        Assert.Equal([openId], await bed.ExpireAsync());

        Assert.Equal(new StockFigures(p, 10, 2, 8), await bed.FiguresAsync(p));
        Assert.Equal("confirmed", (await bed.OrderAsync(6802, confirmedId)).GetProperty("status").GetString());
        await Shop.AssertReconcilesAsync(bed.Host);
        await bed.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.Body["chat_id"]!.GetValue<long>() == 6801 && Text(x).Contains("tasdiqlanmagani"))
            && c.Any(x => x.Method == "sendMessage" && x.Body["chat_id"]!.GetValue<long>() == OwnerChatId && Text(x).Contains("истечении")),
            "the cash customer told why, the owner told");
        // Issue 17: the units come back on every marketplace (10 on hand − 2 still held by the confirmed order).
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(Told(bed.Markets!, 8)), TimeSpan.FromSeconds(20), "every marketplace told 8");
    }
}
