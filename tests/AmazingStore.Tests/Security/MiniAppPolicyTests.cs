using AmazingStore.Tests.Browser;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AmazingStore.Tests.Security;

/// <summary>Issue 17 item 3: the Mini App runs under its Content-Security-Policy without a single violation.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MiniAppPolicyTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    // Runs before the page's scripts: every CSP violation (an inline style or script, a call elsewhere) is kept.
    private const string Recorder = """
        window.__csp = [];
        document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
        """;

    private static async Task AssertNoViolationsAsync(IPage page, string where)
    {
        var violations = await page.EvaluateAsync<string[]>("() => window.__csp");
        Assert.True(violations.Length == 0, $"{where}: {string.Join("; ", violations)}");
    }

    [Fact]
    public async Task Every_screen_renders_under_the_policy_in_demo_mode_and_inside_telegram()
    {
        await using var host = await Store.StartAsync();
        var telegramId = 917_301L;
        var initData = TelegramStub.InitData(telegramId, "Aziz", "Karimov", "uz");
        foreach (var (mode, script) in new[]
        {
            ("demo", Recorder),
            ("telegram", Recorder + TelegramStub.Script(initData, telegramId, "Aziz", "Karimov", "uz", colorScheme: "dark")),
        })
        {
            await using var s = await browser.OpenAsync(host, initScript: script);
            var page = s.Page;
            using var reply = await host.Client.GetAsync("/");
            Assert.Contains("frame-ancestors", string.Join(",", reply.Headers.GetValues("Content-Security-Policy")));

            await page.GotoAsync("/");
            await Expect(s.ById("product-grid").GetByTestId("product-card").First).ToBeVisibleAsync();
            // The stylesheet applied (a blocked one would leave the grid unstyled).
            Assert.Equal("grid", await s.ById("product-grid").EvaluateAsync<string>("e => getComputedStyle(e).display"));
            await s.ById("product-grid").GetByTestId("product-card").First.ClickAsync();
            await Expect(s.ById("add-to-cart")).ToBeVisibleAsync();
            await s.ById("add-to-cart").ClickAsync();
            await Expect(s.ById("add-to-cart")).ToBeEnabledAsync();
            await s.ById("tab-cart").ClickAsync();
            await Expect(s.ById("cart-line").First).ToBeVisibleAsync();
            await s.ById("tab-profile").ClickAsync();
            await Expect(page.Locator("main")).ToBeVisibleAsync();
            await AssertNoViolationsAsync(page, mode);
            s.AssertClean();
        }
    }
}
