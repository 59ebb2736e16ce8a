using System.Text.RegularExpressions;
using AmazingStore.Tests.Marketplaces;
using AmazingStore.Web.Marketplaces.Sync;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AmazingStore.Tests.Browser;

/// <summary>
/// The admin's Marketplaces tab inside Telegram, on a real host whose marketplaces point at the fakes
/// (<see cref="MarketplaceBed"/>): last runs per type, currency, Sync now, and mapping discovery.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminMarketplacesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Admin_sees_runs_and_currencies_syncs_and_accepts_a_discovered_Wildberries_mapping()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var host = bed.Host;
        var tea = await bed.AddProductAsync("TEA-1", 50_000, 10, barcode: "4780000000011");
        var mug = await bed.AddProductAsync("MUG-1", 30_000, 5, barcode: "4780000000033");
        var cup = await bed.AddProductAsync("CUP-2", 20_000, 7, barcode: "4780000000044");
        await bed.MapEverywhereAsync((tea, 1), (cup, 3)); // WB: tea 100001/700001, cup 100003/700003; the mug is not mapped

        // Runs to show: Uzum's stock succeeded; OZON's stock was held back (deferred), and its prices refused once its currency is gone.
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("uzum", SyncTypes.Stock)).Status);
        bed.Ozon.FailOnce["OFFER-1"] = true;
        Assert.Equal(SyncStatuses.Deferred, Assert.Single(await bed.RunAsync("ozon", SyncTypes.Stock)).Status);
        await bed.PutAsync("/api/admin/marketplaces/ozon", new { settings = new Dictionary<string, object?> { ["currency_code"] = null, ["uzs_per_unit"] = null } });
        var refused = Assert.Single(await bed.RunAsync("ozon", SyncTypes.Price, full: true));
        Assert.Equal(SyncStatuses.Failed, refused.Status);
        Assert.False(string.IsNullOrEmpty(refused.Error));
        // Uzum without credentials: discovery there is refused as not configured.
        await bed.PutAsync("/api/admin/marketplaces/uzum", new { credentials = new Dictionary<string, string>() });

        // WB's own cards: the tea as mapped, the mug new, the cup relisted under another nmID, one card nothing matches.
        var at = new DateTime(2025, 5, 1, 10, 0, 0, DateTimeKind.Utc);
        var content = bed.Wb.ContentApi;
        content.AddCard(100001, "TEA-1", "Choy", at, (700001, ["4780000000011"]));
        content.AddCard(200002, "SELLER-MUG", "Krujka", at.AddMinutes(1), (800002, ["4780000000033"]));
        content.AddCard(200004, "CUP-2", "Piyola (yangi)", at.AddMinutes(2), (800004, ["4780000000044"]));
        content.AddCard(200009, "SELLER-X", "Begona mahsulot", at.AddMinutes(3), (800009, ["2000000000009"]));

        const long adminId = MarketplaceBed.AdminId;
        var initData = TelegramStub.InitData(adminId, "Ali", "Admin", "uz");
        await using var s = await browser.OpenAsync(host, initScript: TelegramStub.Script(initData, adminId, "Ali", "Admin", "uz"));
        var page = s.Page;
        await page.GotoAsync("/#/admin");
        await s.ById("admin-tab-marketplaces").ClickAsync();
        await Expect(s.ById("admin-tab-marketplaces")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(s.ById("admin-tab-marketplaces")).ToHaveTextAsync("Marketpleyslar");

        var cards = s.ById("mp-card");
        await Expect(cards).ToHaveCountAsync(3); // the own store is no marketplace card
        ILocator Card(string slug) => page.Locator($"[data-testid=mp-card][data-slug='{slug}']");
        ILocator Run(string slug, string type) => Card(slug).Locator($"[data-testid=mp-run][data-type='{type}']");
        var uzum = Card("uzum");
        var wb = Card("wildberries");
        var ozon = Card("ozon");

        // Uzum: credentials cleared, prices in so'm by default, a successful stock run, nothing else run yet.
        await Expect(uzum.GetByTestId("mp-credentials")).ToHaveAttributeAsync("data-set", "false");
        await Expect(uzum.GetByTestId("mp-credentials")).ToHaveTextAsync("Kiritilmagan");
        await Expect(uzum.GetByTestId("mp-currency")).ToHaveTextAsync("UZS");
        await Expect(Run("uzum", "stock").GetByTestId("mp-run-status")).ToHaveAttributeAsync("data-status", "success");
        await Expect(Run("uzum", "stock").GetByTestId("mp-run-status")).ToHaveTextAsync("Muvaffaqiyatli");
        await Expect(Run("uzum", "price").GetByTestId("mp-run-status")).ToHaveTextAsync("Hali ishga tushmagan");

        // Wildberries: roubles at the configured rate.
        await Expect(wb.GetByTestId("mp-credentials")).ToHaveAttributeAsync("data-set", "true");
        await Expect(wb.GetByTestId("mp-currency")).ToHaveTextAsync($"RUB · 1 RUB = {MarketplaceBed.RubRate} so'm");

        // OZON: no currency is a warning; the deferred stock run is neutral, the refused price run red with its reason.
        await Expect(ozon.GetByTestId("mp-currency")).ToHaveAttributeAsync("data-currency", "");
        await Expect(ozon.GetByTestId("mp-currency")).ToHaveTextAsync("Belgilanmagan — narxlar yuborilmaydi");
        var deferred = Run("ozon", "stock").GetByTestId("mp-run-status");
        await Expect(deferred).ToHaveAttributeAsync("data-status", "deferred");
        await Expect(deferred).ToHaveClassAsync(new Regex(@"\bmp-neutral\b"));
        await Expect(Run("ozon", "stock").GetByTestId("mp-run-error")).Not.ToHaveClassAsync(new Regex(@"\berror-text\b"));
        var failed = Run("ozon", "price").GetByTestId("mp-run-status");
        await Expect(failed).ToHaveAttributeAsync("data-status", "failed");
        await Expect(failed).ToHaveClassAsync(new Regex(@"\bmp-bad\b"));
        await Expect(Run("ozon", "price").GetByTestId("mp-run-error")).ToHaveTextAsync(refused.Error!);
        await Expect(Run("ozon", "price").GetByTestId("mp-run-error")).ToHaveClassAsync(new Regex(@"\berror-text\b"));
        // The colours really differ: neutral is not the danger red the failure gets.
        var deferredColor = await deferred.EvaluateAsync<string>("e => getComputedStyle(e).color");
        var failedColor = await failed.EvaluateAsync<string>("e => getComputedStyle(e).color");
        Assert.NotEqual(failedColor, deferredColor);

        // Discovery where it cannot work says why, in words.
        await uzum.GetByTestId("mp-discover").ClickAsync();
        await Expect(uzum.GetByTestId("mp-discover-error")).ToHaveTextAsync("Marketpleys sozlanmagan: avval API manzili va kalitlarni kiriting.");
        content.Script.Enqueue(new FakeReply(401, """{"title":"unauthorized","detail":"token expired","status":401}"""));
        await wb.GetByTestId("mp-discover").ClickAsync();
        await Expect(wb.GetByTestId("mp-discover-error")).ToContainTextAsync("Marketpleys javob bermadi. Birozdan keyin urinib ko‘ring.");

        // Again, with the content host answering: the mug is new (pre-selected), the cup would replace its mapping (not).
        await wb.GetByTestId("mp-discover").ClickAsync();
        await Expect(wb.GetByTestId("mp-listings")).ToHaveTextAsync("Marketpleysda 4 ta e’lon");
        var proposals = wb.GetByTestId("mp-proposal");
        await Expect(proposals).ToHaveCountAsync(2); // the tea's mapping is the same: nothing to propose
        var mugRow = wb.Locator($"[data-testid=mp-proposal][data-product-id='{mug}']");
        var cupRow = wb.Locator($"[data-testid=mp-proposal][data-product-id='{cup}']");
        await Expect(mugRow).ToHaveAttributeAsync("data-mapping", "new");
        await Expect(mugRow.GetByRole(AriaRole.Checkbox)).ToBeCheckedAsync();
        await Expect(mugRow).ToContainTextAsync("Shtrix-kod bo‘yicha: 4780000000033");
        await Expect(mugRow.GetByTestId("mp-replaces")).ToHaveCountAsync(0);
        await Expect(cupRow).ToHaveAttributeAsync("data-mapping", "different");
        await Expect(cupRow.GetByRole(AriaRole.Checkbox)).Not.ToBeCheckedAsync();
        await Expect(cupRow.GetByTestId("mp-replaces")).ToContainTextAsync("joriy bog‘lanishni almashtiradi");
        await Expect(wb.GetByTestId("mp-unmatched")).ToContainTextAsync("Mos kelmagan e’lonlar: 1");
        await Expect(wb.GetByTestId("mp-unmatched-item")).ToBeHiddenAsync();
        await wb.GetByTestId("mp-unmatched").Locator("summary").ClickAsync();
        await Expect(wb.GetByTestId("mp-unmatched-item")).ToHaveTextAsync("Begona mahsulot · SELLER-X · 200009 / 800009 · 2000000000009");

        await wb.GetByRole(AriaRole.Button, new() { Name = "Tanlanganlarni qabul qilish" }).ClickAsync();
        await Expect(wb.GetByTestId("mp-accept-result")).ToHaveTextAsync("Saqlandi: 1 ta bog‘lanish");
        await Expect(mugRow.GetByRole(AriaRole.Checkbox)).ToBeDisabledAsync();
        var put = s.ApiCalls.Single(c => c.Method == "PUT");
        Assert.Equal("/api/admin/marketplaces/wildberries/products", put.PathAndQuery);
        Assert.Equal("200002 800002 4780000000033", await host.ScalarAsync<string>("""
            SELECT mp.marketplace_product_id || ' ' || mp.marketplace_sku || ' ' || mp.barcode FROM marketplace_products mp
            JOIN marketplaces m ON m.id = mp.marketplace_id WHERE m.slug = 'wildberries' AND mp.product_id = $1
            """, mug));
        // The cup was not selected: its mapping is untouched.
        Assert.Equal("100003 700003", await host.ScalarAsync<string>("""
            SELECT mp.marketplace_product_id || ' ' || mp.marketplace_sku FROM marketplace_products mp
            JOIN marketplaces m ON m.id = mp.marketplace_id WHERE m.slug = 'wildberries' AND mp.product_id = $1
            """, cup));
        // Found again, the mug is mapped as proposed and only the cup is left.
        await wb.GetByTestId("mp-discover").ClickAsync();
        await Expect(proposals).ToHaveCountAsync(1);
        await Expect(proposals).ToHaveAttributeAsync("data-product-id", cup.ToString());

        // Sync now: 202, and the runs it queued show up on the card without a reload.
        await Expect(Run("wildberries", "orders").GetByTestId("mp-run-status")).ToHaveAttributeAsync("data-status", "");
        await wb.GetByRole(AriaRole.Button, new() { Name = "Hozir sinxronlash: Wildberries" }).ClickAsync();
        await Expect(Run("wildberries", "orders").GetByTestId("mp-run-status")).ToHaveAttributeAsync("data-status", "success", new() { Timeout = 30_000 });
        await Expect(Run("wildberries", "stock").GetByTestId("mp-run-status")).ToHaveAttributeAsync("data-status", new Regex("^(success|partial|failed|skipped|deferred)$"));
        Assert.Contains(s.ApiCalls, c => c.Method == "POST" && c.PathAndQuery == "/api/admin/marketplaces/wildberries/sync");
        Assert.Equal(3L, await host.ScalarAsync<long>("""
            SELECT count(DISTINCT l.sync_type) FROM sync_logs l JOIN marketplaces m ON m.id = l.marketplace_id
            WHERE m.slug = 'wildberries' AND l.trigger_type = 'manual'
            """));
        Assert.All(s.ApiCalls, c => Assert.Equal("tma " + initData, c.Authorization));

        await ShootAsync(page, "light");
        await page.EvaluateAsync("() => { document.documentElement.dataset.theme = 'dark'; }"); // as Telegram's themeChanged does
        await ShootAsync(page, "dark");
        s.AssertClean();
    }

    /// <summary>The tab as it is now, in tests/AmazingStore.Tests/screenshots/admin-marketplaces-{theme}.png.</summary>
    private static async Task ShootAsync(IPage page, string theme)
    {
        var luminance = await page.EvaluateAsync<double>("""
            () => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; }
            """);
        if (theme == "dark") Assert.True(luminance < 0.3, $"dark background expected, luminance {luminance:F2}");
        else Assert.True(luminance > 0.7, $"light background expected, luminance {luminance:F2}");
        Directory.CreateDirectory(Store.ScreenshotDirectory);
        var file = Path.Combine(Store.ScreenshotDirectory, $"admin-marketplaces-{theme}.png");
        File.Delete(file);
        // The whole tab in one picture, with the header and tab bar where a phone shows them (a full-page shot would float them mid-page).
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await page.SetViewportSizeAsync(400, height);
        await page.ScreenshotAsync(new() { Path = file, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        await page.SetViewportSizeAsync(400, 860);
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.True(bytes.Length > 1000, file + " is (nearly) empty");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }
}
