using AmazingStore.Data.Orders;
using AmazingStore.Tests.Orders;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AmazingStore.Tests.Browser;

/// <summary>
/// The admin's Report tab: revenue by day per channel, channel share and top products drawn from the sales report,
/// themed by Telegram's colours, light and dark, in Uzbek and Russian; screenshots to tests/AmazingStore.Tests/screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminDashboardTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public Task Light_uzbek_dashboard() => ShowAsync("light", "uz");

    [Fact]
    public Task Dark_russian_dashboard() => ShowAsync("dark", "ru");

    private async Task ShowAsync(string theme, string lang)
    {
        await using var host = await Shop.StartAsync();
        var kettle = await Shop.ProductAsync(host, "DSH-1", 100_000, 100);
        var cup = await Shop.ProductAsync(host, "DSH-2", 25_000, 100);
        await host.ScalarAsync<int>("UPDATE products SET cost_price = 60000, name_ru = 'Чайник' WHERE id = $1 RETURNING id", kettle);
        // Today: the own store 200 000 and Uzum 95 000; two days ago OZON 75 000; a cancelled one left out.
        async Task<int> Place(string source, string channel, int daysAgo, (int Product, int Qty, decimal? Price) line, bool cancel = false)
        {
            await using var db = Shop.Context(host);
            var placed = await OrderWorkflow.PlaceAsync(db, new NewOrder(source, channel, [new NewOrderLine(line.Product, line.Qty, line.Price)], "Dash", "+998901112233",
                MarketplaceOrderId: channel == "amazing-store" ? null : Guid.NewGuid().ToString("N")), CancellationToken.None);
            var id = Assert.IsType<PlaceResult.Placed>(placed).Order.Id;
            if (cancel) Assert.True((await OrderWorkflow.TransitionAsync(db, id, OrderStatuses.Cancelled, "test", CancellationToken.None)).Ok);
            await host.ScalarAsync<int>("UPDATE orders SET created_at = created_at - make_interval(days => $2) WHERE id = $1 RETURNING id", id, daysAgo);
            return id;
        }
        await Place("app", "amazing-store", 0, (kettle, 2, null));
        await Place("uzum", "uzum", 0, (kettle, 1, 95_000m));
        await Place("ozon", "ozon", 2, (cup, 3, null));
        await Place("app", "amazing-store", 1, (cup, 4, null), cancel: true);

        var initData = TelegramStub.InitData(Shop.AdminTelegramId, "Ali", "Admin", lang);
        await using var s = await browser.OpenAsync(host, o => o.ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light,
            initScript: TelegramStub.Script(initData, Shop.AdminTelegramId, "Ali", "Admin", lang, colorScheme: theme));
        var page = s.Page;
        await page.GotoAsync("/#/admin");
        var tab = s.ById("admin-tab-dashboard");
        await Expect(tab).ToHaveTextAsync(lang == "ru" ? "Отчёт" : "Hisobot");
        await tab.ClickAsync();
        await Expect(tab).ToHaveAttributeAsync("aria-selected", "true");

        // The figures are the report's: 370 000 revenue, 3 orders (the cancelled one left out).
        await Expect(s.ById("dash-revenue").Locator("strong")).ToHaveTextAsync(Store.Price(370_000, lang));
        await Expect(s.ById("dash-orders").Locator("strong")).ToHaveTextAsync("3");
        await Expect(s.ById("dash-revenue").Locator("span")).ToHaveTextAsync(lang == "ru" ? "Выручка" : "Tushum");
        // Revenue by day: one column segment per channel and day with sales (today two, two days ago one), 7 day labels.
        var byDay = s.ById("dash-by_day");
        await Expect(byDay.Locator("svg rect")).ToHaveCountAsync(3);
        await Expect(byDay.Locator("svg text")).ToHaveCountAsync(7);
        await Expect(byDay.Locator("svg rect.ch-0")).ToHaveCountAsync(1); // the own store is the first series
        // Share: three channels sold, three arcs; the legend names every channel.
        await Expect(s.ById("dash-share").Locator("circle.ch-a:not(.ch-b)")).ToHaveCountAsync(3);
        await Expect(s.ById("dash-share").Locator(".legend span")).ToHaveTextAsync(["amazing-store", "uzum", "wildberries", "ozon"]);
        // Top products, best first, in the admin's language.
        var top = s.ById("dash-top").Locator("svg text");
        await Expect(top.Nth(0)).ToHaveTextAsync((lang == "ru" ? "Чайник" : "Mahsulot DSH-1") + " × 3");
        await Expect(top.Nth(1)).ToHaveTextAsync(Store.Price(295_000, lang));

        // Telegram's theme: the own store's bars take the button colour; the page background follows the scheme.
        var (bar, button) = (await byDay.Locator("svg rect.ch-0").EvaluateAsync<string>("e => getComputedStyle(e).fill"),
            await page.EvaluateAsync<string>("() => { const b = document.createElement('i'); b.style.color = getComputedStyle(document.documentElement).getPropertyValue('--c-btn'); document.body.append(b); const c = getComputedStyle(b).color; b.remove(); return c; }"));
        Assert.Equal(button, bar);
        var luminance = await page.EvaluateAsync<double>("""
            () => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; }
            """);
        Assert.True(theme == "dark" ? luminance < 0.3 : luminance > 0.7, $"{theme} background expected, luminance {luminance:F2}");

        // 30 days: the same sales, thirty day columns' labels thinned to at most eight.
        await s.ById("dash-days-30").ClickAsync();
        await Expect(s.ById("dash-days-30")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(s.ById("dash-by_day").Locator("svg text")).ToHaveCountAsync(8);
        await Expect(s.ById("dash-revenue").Locator("strong")).ToHaveTextAsync(Store.Price(370_000, lang));
        await s.ById("dash-days-7").ClickAsync();
        await Expect(s.ById("dash-by_day").Locator("svg text")).ToHaveCountAsync(7);

        Directory.CreateDirectory(Store.ScreenshotDirectory);
        var file = Path.Combine(Store.ScreenshotDirectory, $"admin-dashboard-{theme}.png");
        await page.ScreenshotAsync(new() { Path = file, FullPage = true, Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(file).Length > 5_000);
        s.AssertClean();
    }
}
