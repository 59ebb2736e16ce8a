using AmazingStore.Tests.Browser;
using AmazingStore.Tests.StoreApi;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AmazingStore.Tests.Delivery;

/// <summary>The Mini App's checkout inside (a stub of) Telegram: zones with their fee before ordering, the phone in one tap.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CheckoutBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Theory]
    [InlineData("uz", "light", "Shahar ichida", "Bepul")]
    [InlineData("ru", "dark", "По городу", "Бесплатно")]
    public async Task The_customer_sees_each_zones_fee_before_ordering_and_the_phone_fills_from_the_Telegram_contact(
        string lang, string scheme, string cityName, string freeWord)
    {
        long telegramId = lang == "uz" ? 778001 : 778002;
        await using var host = await Store.StartAsync();
        var city = await host.ScalarAsync<int>(
            "INSERT INTO delivery_zones (name_uz, name_ru, fee, free_from, sort_order) VALUES ('Shahar ichida', 'По городу', 15000, 99000000, 1) RETURNING id");
        var pickup = await host.ScalarAsync<int>(
            "INSERT INTO delivery_zones (name_uz, name_ru, fee, is_pickup, sort_order) VALUES ('Do''kondan olish', 'Самовывоз', 0, true, 2) RETURNING id");
        var product = await Store.ProductAsync(host, (await host.ScalarAsync<int>(
            "SELECT p.id FROM products p JOIN inventory i ON i.product_id = p.id WHERE p.is_active AND i.available > 2 ORDER BY p.id LIMIT 1")));
        var initData = TelegramStub.InitData(telegramId, "Aziz", "Karimov", lang);
        using (var cart = await host.Client.SendAsync(InitData.Request(HttpMethod.Post, "/api/cart", initData, new { product_id = product.Id, quantity = 1 })))
            Assert.True(cart.IsSuccessStatusCode);
        // Telegram's requestContact: the user taps "share", the callback gets the contact (number without the plus, as Telegram sends it).
        var contactStub = $$"""
            window.Telegram.WebApp.requestContact = (cb) => {
              window.__contactAsked = (window.__contactAsked || 0) + 1;
              setTimeout(() => cb(true, { status: 'sent', response: 'contact=...', responseUnsafe: { contact: { phone_number: '998935556677', first_name: 'Aziz', user_id: {{telegramId}} } } }), 20);
            };
            """;
        await using var s = await browser.OpenAsync(host, o => o.ColorScheme = scheme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            initScript: TelegramStub.Script(initData, telegramId, "Aziz", "Karimov", lang, colorScheme: scheme) + "\n" + contactStub);
        var page = s.Page;

        await page.GotoAsync("/#/checkout");
        await Expect(s.ById("checkout-form")).ToBeVisibleAsync();
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", scheme);

        // Phone in one tap.
        await Expect(s.ById("checkout-phone")).ToHaveValueAsync("+998");
        await s.ById("checkout-share-phone").ClickAsync();
        await Expect(s.ById("checkout-phone")).ToHaveValueAsync("+998935556677");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__contactAsked"));

        // Zones in the customer's language with their fee; the fee and the total follow the choice.
        await Expect(s.ById("checkout-zone")).ToHaveCountAsync(2);
        await Expect(s.ById("checkout-zones")).ToContainTextAsync(cityName + " · " + Store.Price(15_000, lang));
        await Expect(s.ById("checkout-zones")).ToContainTextAsync(freeWord);
        await page.Locator($"[data-testid=checkout-zone][data-zone-id='{pickup}']").CheckAsync();
        await Expect(s.ById("checkout-delivery-fee")).ToHaveTextAsync(freeWord);
        await Expect(s.ById("checkout-address")).ToBeHiddenAsync();
        await page.Locator($"[data-testid=checkout-zone][data-zone-id='{city}']").CheckAsync();
        await Expect(s.ById("checkout-delivery-fee")).ToHaveTextAsync(Store.Price(15_000, lang));
        await Expect(s.ById("checkout-grand-total")).ToHaveTextAsync(Store.Price(product.DisplayPrice + 15_000, lang));
        await page.WaitForFunctionAsync("t => window.__tg.main.text.endsWith(t)", Store.Price(product.DisplayPrice + 15_000, lang));
        await s.ById("checkout-address").FillAsync("Chilonzor 9");
        // For a person to look at (git-ignored, as ScreenshotTests' pictures).
        Directory.CreateDirectory(Store.ScreenshotDirectory);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Store.ScreenshotDirectory, $"checkout-zones-{lang}-{scheme}.png"), FullPage = true,
            Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });

        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__tg.main.click()"));
        await Expect(s.ById("order-confirmation")).ToBeVisibleAsync();
        Assert.Equal($"15000.00|{city}|+998935556677|" + (product.DisplayPrice + 15_000).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), await host.ScalarAsync<string>(
            "SELECT delivery_fee || '|' || delivery_zone_id || '|' || customer_phone || '|' || total FROM orders o JOIN users u ON u.id = o.user_id WHERE u.telegram_id = $1",
            telegramId));
        s.AssertClean();
    }
}
