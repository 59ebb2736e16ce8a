using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AmazingStore.Tests.Browser;

/// <summary>Inside Telegram (a stubbed <c>window.Telegram.WebApp</c>) and with Telegram's script missing.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TelegramTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task With_a_Telegram_stub_it_sends_its_initData_and_uses_BackButton_and_MainButton()
    {
        const long telegramId = 777001;
        await using var host = await Store.StartAsync();
        var initData = TelegramStub.InitData(telegramId, "Aziz", "Karimov", "uz");
        await using var s = await browser.OpenAsync(host,
            initScript: TelegramStub.Script(initData, telegramId, "Aziz", "Karimov", "uz", colorScheme: "dark"));
        var page = s.Page;

        await page.GotoAsync("/");
        await Expect(s.ById("product-grid").GetByTestId("product-card").First).ToBeVisibleAsync();
        await Expect(s.ById("demo-badge")).ToHaveCountAsync(0);
        await page.WaitForFunctionAsync("() => window.__tg.calls.includes('ready') && window.__tg.calls.includes('expand')");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("data-theme", "dark");

        var product = await Store.ProductAsync(host,
            int.Parse((await s.ById("product-grid").GetByTestId("product-card").First.GetAttributeAsync("data-product-id"))!));

        // BackButton: shown on a product page (the in-page back arrow is not), its callback goes back.
        Assert.False(await page.EvaluateAsync<bool>("() => window.__tg.back.visible"));
        await page.Locator($"[data-testid=product-card][data-product-id='{product.Id}']").ClickAsync();
        await Expect(s.ById("product-title")).ToHaveTextAsync(product.NameUz);
        await page.WaitForFunctionAsync("() => window.__tg.back.visible && window.__tg.back.cbs.length === 1");
        await Expect(s.ById("back-button")).ToBeHiddenAsync();
        await s.ById("add-to-cart").ClickAsync();
        await Expect(s.ById("cart-count")).ToHaveTextAsync("1");
        await page.WaitForFunctionAsync("() => window.__tg.calls.includes('haptic.impact medium')");
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__tg.back.click()"));
        await Expect(page).ToHaveURLAsync(new Regex(@"^[^#]*(#/)?$"));
        await Expect(s.ById("product-grid").GetByTestId("product-card").First).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => !window.__tg.back.visible");

        // MainButton: the checkout's submit inside Telegram; the ordinary button stays hidden.
        await s.ById("tab-cart").ClickAsync();
        await s.ById("checkout-button").ClickAsync();
        await Expect(s.ById("checkout-form")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => window.__tg.main.visible && window.__tg.main.enabled");
        Assert.Equal("Buyurtma berish · " + Store.Price(product.DisplayPrice), await page.EvaluateAsync<string>("() => window.__tg.main.text"));
        await Expect(s.ById("checkout-submit")).ToBeHiddenAsync();
        await Expect(s.ById("checkout-name")).ToHaveValueAsync("Aziz Karimov"); // from Telegram's user
        await s.ById("checkout-phone").FillAsync("+998901112233");
        await s.ById("checkout-address").FillAsync("Samarqand, Registon ko‘chasi 5");
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(1, await page.EvaluateAsync<int>("() => window.__tg.main.click()")); // exactly one handler
        await Expect(s.ById("order-confirmation")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => !window.__tg.main.visible && window.__tg.main.cbs.length === 0");
        Assert.Equal(1L, await host.ScalarAsync<long>(
            "SELECT count(*) FROM orders o JOIN users u ON u.id = o.user_id WHERE u.telegram_id = $1 AND o.customer_phone = '+998901112233'", telegramId));
        Assert.Equal(1, await host.ScalarAsync<int>("SELECT quantity FROM order_items"));

        // Every API call carried exactly the stub's initData; demo sign-in was never used.
        var calls = s.ApiCalls.ToList();
        Assert.Contains(calls, c => c.PathAndQuery == "/api/users/validate");
        Assert.Contains(calls, c => c.PathAndQuery == "/api/orders" && c.Method == "POST");
        Assert.DoesNotContain(calls, c => c.PathAndQuery.StartsWith("/api/dev/", StringComparison.Ordinal));
        Assert.All(calls, c => Assert.Equal("tma " + initData, c.Authorization));
        Assert.Contains(s.Blocked, u => u.StartsWith("https://telegram.org/", StringComparison.Ordinal));
        s.AssertClean();
    }

    [Fact]
    public async Task Without_Telegram_script_it_renders_in_demo_mode_with_the_badge()
    {
        await using var host = await Store.StartAsync();
        await using var s = await browser.OpenAsync(host);
        var page = s.Page;

        await page.GotoAsync("/");
        await Expect(s.ById("demo-badge")).ToBeVisibleAsync();
        await Expect(s.ById("demo-badge")).ToHaveTextAsync("DEMO");
        await Expect(s.ById("product-grid").GetByTestId("product-card")).ToHaveCountAsync(20);
        await Expect(s.ById("category-tab").Nth(1)).ToBeVisibleAsync();
        // The script was asked for and did not load; no Telegram object exists.
        Assert.Contains(s.Blocked, u => u == "https://telegram.org/js/telegram-web-app.js");
        Assert.True(await page.EvaluateAsync<bool>("() => window.Telegram === undefined"));
        // Signed in through the demo endpoint: the profile shows the demo note, the cart works.
        await s.ById("tab-profile").ClickAsync();
        await Expect(s.ById("demo-note")).ToBeVisibleAsync();
        Assert.Contains(s.ApiCalls, c => c.PathAndQuery.StartsWith("/api/dev/init-data", StringComparison.Ordinal));
        var demoCall = s.ApiCalls.First(c => c.PathAndQuery == "/api/users/validate");
        Assert.StartsWith("tma ", demoCall.Authorization);
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM users"));
        s.AssertClean();
    }
}
