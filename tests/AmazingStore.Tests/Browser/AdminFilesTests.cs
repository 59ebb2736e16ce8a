using AmazingStore.Tests.CatalogFiles;
using AmazingStore.Tests.Marketplaces;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AmazingStore.Tests.Browser;

/// <summary>
/// The admin's "Files and prices" tab inside Telegram: a CSV import tried as a dry run, refused with its bad
/// row named, then applied; a marketplace price rule saved and its preview showing the floor.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminFilesTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Admin_imports_a_catalog_file_with_a_dry_run_sees_bad_rows_named_and_previews_a_price_rule()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var host = bed.Host;
        var shirt = await CatalogFileKit.CreateProductAsync(bed, new { sku = "SH-1", name_uz = "Ko'ylak", price = 10000m, cost_price = 9000m, initial_stock = 4 });
        await bed.MapEverywhereAsync((shirt, 1));

        var dir = Directory.CreateTempSubdirectory("files-ui-");
        var good = Path.Combine(dir.FullName, "good.csv");
        var bad = Path.Combine(dir.FullName, "bad.csv");
        await File.WriteAllTextAsync(good, "sku,name_uz,price,stock\nSH-1,Ko'ylak,10000,6\nNEW-1,Shim,25000,3\n");
        await File.WriteAllTextAsync(bad, "sku,name_uz,price\nOK-1,Yaxshi,100\nBAD-1,Yomon,-5\n");

        const long adminId = MarketplaceBed.AdminId;
        var initData = TelegramStub.InitData(adminId, "Ali", "Admin", "uz");
        await using var s = await browser.OpenAsync(host, initScript: TelegramStub.Script(initData, adminId, "Ali", "Admin", "uz"));
        var page = s.Page;
        await page.GotoAsync("/#/admin");
        await s.ById("admin-tab-files").ClickAsync();
        await Expect(s.ById("admin-tab-files")).ToHaveTextAsync("Fayllar va narxlar");

        // Dry run (checked by default): counts shown, nothing written.
        await s.ById("fl-file").SetInputFilesAsync(good);
        await s.ById("fl-import").ClickAsync();
        await Expect(s.ById("fl-counts")).ToHaveAttributeAsync("data-created", "1");
        await Expect(s.ById("fl-counts")).ToContainTextAsync("Sinov");
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM products"));

        // A bad file: its row and field are named, nothing written.
        await s.ById("fl-dry").UncheckAsync();
        await s.ById("fl-file").SetInputFilesAsync(bad);
        await s.ById("fl-import").ClickAsync();
        var error = s.ById("fl-error");
        await Expect(error).ToHaveCountAsync(1);
        await Expect(error).ToHaveAttributeAsync("data-row", "3");
        await Expect(error).ToHaveAttributeAsync("data-field", "price");
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM products"));

        // The good file for real.
        await s.ById("fl-file").SetInputFilesAsync(good);
        await s.ById("fl-import").ClickAsync();
        await Expect(s.ById("fl-counts")).ToHaveAttributeAsync("data-updated", "1");
        Assert.Equal(6, await host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", shirt));

        // Uzum's rule: +10 %, to 100 so'm, margin 30 %.
        var uzum = page.Locator("[data-testid=pr-card][data-slug='uzum']");
        await uzum.GetByTestId("pr-markup").FillAsync("10");
        await uzum.GetByTestId("pr-round").FillAsync("100");
        await uzum.GetByTestId("pr-margin").FillAsync("30");
        await uzum.GetByTestId("pr-save").ClickAsync();
        await Expect(uzum.GetByTestId("pr-msg")).ToContainTextAsync("Saqlandi");
        // 10 000 × 1.10 = 11 000 is under the floor 9 000 × 1.30 = 11 700: the preview shows the floor.
        var item = uzum.Locator($"[data-testid=pr-item][data-product-id='{shirt}']");
        await Expect(item).ToHaveAttributeAsync("data-sent", "11700");
        await Expect(item).ToContainTextAsync("chegarada");
        Assert.Contains(s.ApiCalls, c => c.Method == "PUT" && c.PathAndQuery == "/api/admin/marketplaces/uzum/price-rule");
        Assert.All(s.ApiCalls, c => Assert.Equal("tma " + initData, c.Authorization));

        await ShootAsync(page, "light");
        await page.EvaluateAsync("() => { document.documentElement.dataset.theme = 'dark'; }"); // as Telegram's themeChanged does
        await ShootAsync(page, "dark");
        s.AssertClean();
        dir.Delete(recursive: true);
    }

    /// <summary>The tab as it is now, in tests/AmazingStore.Tests/screenshots/admin-files-{theme}.png.</summary>
    private static async Task ShootAsync(IPage page, string theme)
    {
        var luminance = await page.EvaluateAsync<double>("""
            () => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; }
            """);
        if (theme == "dark") Assert.True(luminance < 0.3, $"dark background expected, luminance {luminance:F2}");
        else Assert.True(luminance > 0.7, $"light background expected, luminance {luminance:F2}");
        Directory.CreateDirectory(Store.ScreenshotDirectory);
        var file = Path.Combine(Store.ScreenshotDirectory, $"admin-files-{theme}.png");
        File.Delete(file);
        var height = await page.EvaluateAsync<int>("() => document.documentElement.scrollHeight");
        await page.SetViewportSizeAsync(400, height);
        await page.ScreenshotAsync(new() { Path = file, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        await page.SetViewportSizeAsync(400, 860);
        var bytes = await File.ReadAllBytesAsync(file);
        Assert.True(bytes.Length > 1000, file + " is (nearly) empty");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
    }
}
