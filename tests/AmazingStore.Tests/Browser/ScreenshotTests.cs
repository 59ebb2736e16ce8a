using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AmazingStore.Tests.Browser;

/// <summary>
/// Screenshots of home, product, cart, checkout and orders in light and dark theme, written to
/// tests/AmazingStore.Tests/screenshots/ (git-ignored) so that a person can look at them.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScreenshotTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Screens = ["home", "product", "cart", "checkout", "orders"];

    [Fact]
    public Task Light_theme_screens_are_written() => ShootAsync(ColorScheme.Light, "light", 555101);

    [Fact]
    public Task Dark_theme_screens_are_written() => ShootAsync(ColorScheme.Dark, "dark", 555102);

    private async Task ShootAsync(ColorScheme scheme, string theme, long demoId)
    {
        await using var host = await Store.StartAsync();
        var first = await Store.ProductAsync(host, "AS-ELK-0001");
        var second = await Store.ProductAsync(host, "AS-GOZ-0001");
        await using var s = await browser.OpenAsync(host, o => o.ColorScheme = scheme);
        var page = s.Page;
        Directory.CreateDirectory(Store.ScreenshotDirectory);
        var files = Screens.Select(n => Path.Combine(Store.ScreenshotDirectory, $"{n}-{theme}.png")).ToArray();
        foreach (var f in files) File.Delete(f); // what is checked below is this run's output

        async Task ShotAsync(string name)
        {
            // The lazy images on screen have loaded (or failed) before the picture is taken.
            await page.WaitForFunctionAsync("""
                () => [...document.images].filter((i) => { const r = i.getBoundingClientRect(); return r.width > 0 && r.bottom > 0 && r.top < innerHeight; })
                  .every((i) => i.complete)
                """);
            await page.ScreenshotAsync(new() { Path = Path.Combine(Store.ScreenshotDirectory, $"{name}-{theme}.png"), Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        }

        await page.GotoAsync($"/?demo_id={demoId}");
        await Expect(s.ById("product-grid").GetByTestId("product-card")).ToHaveCountAsync(20);
        await Expect(s.ById("banner").First).ToBeVisibleAsync();
        // The theme really is the one asked for: a light or a dark page background.
        var luminance = await page.EvaluateAsync<double>("""
            () => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; }
            """);
        if (theme == "dark") Assert.True(luminance < 0.3, $"dark background expected, luminance {luminance:F2}");
        else Assert.True(luminance > 0.7, $"light background expected, luminance {luminance:F2}");
        await ShotAsync("home");

        await page.GotoAsync($"/?demo_id={demoId}#/product/{first.Id}");
        await Expect(s.ById("product-title")).ToHaveTextAsync(first.NameUz);
        await Expect(s.ById("product-old-price")).ToBeVisibleAsync(); // a sale price, struck through
        await ShotAsync("product");
        await s.ById("add-to-cart").ClickAsync();
        await Expect(s.ById("cart-count")).ToHaveTextAsync("1");
        await page.GotoAsync($"/?demo_id={demoId}#/product/{second.Id}");
        await Expect(s.ById("product-title")).ToHaveTextAsync(second.NameUz);
        await s.ById("add-to-cart").ClickAsync();
        await Expect(s.ById("cart-count")).ToHaveTextAsync("2");
        await Expect(s.ById("toast")).ToHaveClassAsync(new Regex(@"\bshow\b"));

        await s.ById("tab-cart").ClickAsync();
        await Expect(s.ById("cart-line")).ToHaveCountAsync(2);
        // "Added — go to cart" is moot once in the cart.
        await Expect(s.ById("toast")).Not.ToHaveClassAsync(new Regex(@"\bshow\b"));
        await Expect(s.ById("cart-subtotal")).ToHaveTextAsync(Store.Price(first.DisplayPrice + second.DisplayPrice));
        await ShotAsync("cart");

        await s.ById("checkout-button").ClickAsync();
        await s.ById("checkout-name").FillAsync("Dilnoza Yusupova");
        await s.ById("checkout-phone").FillAsync("+998935550011");
        await s.ById("checkout-address").FillAsync("Toshkent, Yunusobod 4-mavze, 17-uy, 32-xonadon");
        await s.ById("checkout-notes").FillAsync("Kechqurun soat 18:00 dan keyin");
        await ShotAsync("checkout");
        await s.ById("checkout-submit").ClickAsync();
        await Expect(s.ById("order-confirmation")).ToBeVisibleAsync();

        await s.ById("tab-orders").ClickAsync();
        await Expect(s.ById("order-item")).ToHaveCountAsync(1);
        await ShotAsync("orders");

        foreach (var f in files)
        {
            Assert.True(File.Exists(f), f + " was not written");
            var bytes = await File.ReadAllBytesAsync(f);
            Assert.True(bytes.Length > 1000, f + " is (nearly) empty");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }
        s.AssertClean();
    }
}
