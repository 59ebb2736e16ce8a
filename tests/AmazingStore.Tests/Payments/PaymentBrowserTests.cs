using System.Net;
using AmazingStore.Tests.Browser;
using AmazingStore.Tests.StoreApi;
using Microsoft.Playwright;
using static AmazingStore.Tests.Bot.BotTestKit;
using static Microsoft.Playwright.Assertions;

namespace AmazingStore.Tests.Payments;

/// <summary>The Mini App's card checkout inside Telegram: a stubbed <c>Telegram.WebApp.openInvoice</c>, a payment through the fake Bot API.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PaymentBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    /// <summary>Telegram's openInvoice, held open until the test closes it with a status (as the payment sheet would).</summary>
    private const string InvoiceStub = """
        window.Telegram.WebApp.openInvoice = (url, cb) => { window.__invoice = { url, cb }; };
        """;

    [Fact]
    public async Task The_customer_pays_by_card_in_Telegrams_invoice_and_sees_paid()
    {
        const long telegramId = 777_201;
        await using var bed = await PaymentsBed.StartAsync(card: true);
        var p = await bed.ProductAsync("WEB-PAY", 42_000m, 5);
        var initData = TelegramStub.InitData(telegramId, "Aziz", "Karimov", "uz");
        using (var add = await bed.Host.Client.SendAsync(InitData.Request(HttpMethod.Post, "/api/cart", initData, new { product_id = p, quantity = 2 })))
            Assert.Equal(HttpStatusCode.OK, add.StatusCode);
        await using var s = await browser.OpenAsync(bed.Host,
            initScript: TelegramStub.Script(initData, telegramId, "Aziz", "Karimov", "uz") + InvoiceStub);
        var page = s.Page;

        await page.GotoAsync("/#/checkout");
        await Expect(s.ById("checkout-form")).ToBeVisibleAsync();
        // Only what the store offers: cash and card (Stars are off).
        await Expect(s.ById("checkout-payment-cash")).ToBeVisibleAsync();
        await Expect(s.ById("checkout-payment-stars")).ToHaveCountAsync(0);
        await s.ById("checkout-payment-card").CheckAsync();
        await s.ById("checkout-phone").FillAsync("+998901112233");
        await s.ById("checkout-address").FillAsync("Toshkent, Yunusobod 4");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__tg.main.click()"));

        await page.WaitForFunctionAsync("() => !!window.__invoice");
        var link = await page.EvaluateAsync<string>("() => window.__invoice.url");
        var invoice = bed.Bot.InvoiceFor(link);
        Assert.Equal(("UZS", 8_400_000L), (invoice.Currency, invoice.Total));
        var orderId = await bed.Host.ScalarAsync<int>("SELECT o.id FROM orders o JOIN users u ON u.id = o.user_id WHERE u.telegram_id = $1", telegramId);
        Assert.Equal("unpaid", await bed.Host.ScalarAsync<string>("SELECT payment_status FROM orders WHERE id = $1", orderId));

        // Telegram takes the payment (pre-checkout, then the payment message to the webhook), then closes the sheet with "paid".
        var (answer, _) = await bed.Bot.PayAsync(bed.Webhook, Secret, link, telegramId);
        Assert.True(answer.Ok);
        await page.EvaluateAsync("() => window.__invoice.cb('paid')");

        await Expect(s.ById("payment-outcome")).ToHaveAttributeAsync("data-status", "paid");
        await Expect(s.ById("payment-outcome")).ToHaveTextAsync("To‘lov qabul qilindi. Rahmat!");
        await Expect(s.ById("order-payment-status")).ToHaveTextAsync("To‘langan", new() { Timeout = 20_000 });
        await Expect(s.ById("order-pay")).ToHaveCountAsync(0);
        Assert.Equal("paid", await bed.Host.ScalarAsync<string>("SELECT payment_status FROM orders WHERE id = $1", orderId));
    }
}
