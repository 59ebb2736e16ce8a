using AmazingStore.Tests.Orders;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AmazingStore.Tests.Browser;

/// <summary>The admin's Users tab inside Telegram: search, block and unblock, admin on and off (issue 19 item 7).</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminUsersTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Admin_searches_users_blocks_one_and_makes_another_admin_in_uzbek_and_russian_light_and_dark()
    {
        await using var host = await Shop.StartAsync();
        await host.ScalarAsync<int>("""
            INSERT INTO users (telegram_id, first_name, last_name, username, phone, created_at) VALUES
              (19401, 'Dilnoza', 'Karimova', 'dilnoza_k', '+998901112233', now() - interval '2 days'),
              (19402, 'Bobur', 'Toshmatov', NULL, '+998935556677', now() - interval '1 day')
            RETURNING 1
            """);
        const long adminId = Shop.AdminTelegramId;
        var initData = TelegramStub.InitData(adminId, "Ali", "Admin", "uz");
        await using var s = await browser.OpenAsync(host, initScript: TelegramStub.Script(initData, adminId, "Ali", "Admin", "uz"));
        var page = s.Page;
        await page.GotoAsync("/#/admin");
        await s.ById("admin-tab-users").ClickAsync();
        await Expect(s.ById("admin-tab-users")).ToHaveTextAsync("Foydalanuvchilar");
        var cards = s.ById("user-card");
        await Expect(cards).ToHaveCountAsync(3); // the two and the admin, who has no buttons on their own card
        ILocator Card(long telegramId) => cards.Filter(new() { HasText = "ID " + telegramId });
        await Expect(Card(adminId).GetByTestId("user-toggle-active")).ToHaveCountAsync(0);
        await Expect(Card(adminId).GetByTestId("user-admin")).ToHaveTextAsync("Admin (sozlamalarda)");

        await s.ById("users-search").FillAsync("karim");
        await Expect(cards).ToHaveCountAsync(1);
        await Expect(cards.First).ToContainTextAsync("Dilnoza Karimova");
        await Expect(cards.First).ToContainTextAsync("@dilnoza_k · +998901112233 · ID 19401");
        await cards.First.GetByTestId("user-toggle-active").ClickAsync();
        await Expect(cards.First.GetByTestId("user-blocked")).ToHaveTextAsync("Bloklangan");
        await Expect(cards.First.GetByTestId("user-toggle-active")).ToHaveTextAsync("Blokdan chiqarish");
        Assert.False(await host.ScalarAsync<bool>("SELECT is_active FROM users WHERE telegram_id = 19401"));

        await s.ById("users-search").FillAsync("");
        await Expect(cards).ToHaveCountAsync(3);
        await Card(19402).GetByTestId("user-toggle-admin").ClickAsync();
        await Expect(Card(19402).GetByTestId("user-admin")).ToHaveTextAsync("Admin");
        await Expect(Card(19402).GetByTestId("user-toggle-admin")).ToHaveTextAsync("Adminlikdan olish");
        Assert.True(await host.ScalarAsync<bool>("SELECT is_admin FROM users WHERE telegram_id = 19402"));
        Assert.Contains(s.ApiCalls, c => c.Method == "PATCH" && c.PathAndQuery.StartsWith("/api/admin/users/", StringComparison.Ordinal));

        await ScreenshotTools.ShootAsync(page, "admin-users", "light");
        await page.EvaluateAsync("() => { document.documentElement.dataset.theme = 'dark'; }"); // as Telegram's themeChanged does
        await ScreenshotTools.ShootAsync(page, "admin-users", "dark");
        s.AssertClean();

        // In Russian (the profile's language, which the app follows), dark from Telegram's own colour scheme.
        await host.ScalarAsync<int>("UPDATE users SET language = 'ru' WHERE telegram_id = $1 RETURNING 1", adminId);
        var ru = TelegramStub.InitData(adminId, "Ali", "Admin", "ru");
        await using var r = await browser.OpenAsync(host, initScript: TelegramStub.Script(ru, adminId, "Ali", "Admin", "ru", colorScheme: "dark"));
        await r.Page.GotoAsync("/#/admin");
        await r.ById("admin-tab-users").ClickAsync();
        await Expect(r.ById("admin-tab-users")).ToHaveTextAsync("Пользователи");
        var ruCards = r.ById("user-card");
        await Expect(ruCards).ToHaveCountAsync(3);
        await Expect(ruCards.Filter(new() { HasText = "ID 19401" }).GetByTestId("user-toggle-active")).ToHaveTextAsync("Разблокировать");
        await Expect(ruCards.Filter(new() { HasText = "ID 19402" }).GetByTestId("user-toggle-admin")).ToHaveTextAsync("Снять админа");
        await ScreenshotTools.ShootAsync(r.Page, "admin-users-ru", "dark");
        r.AssertClean();
    }
}

/// <summary>A screen as it is now, in tests/AmazingStore.Tests/screenshots/{name}-{theme}.png, with its theme checked.</summary>
internal static class ScreenshotTools
{
    public static async Task ShootAsync(IPage page, string name, string theme)
    {
        var luminance = await page.EvaluateAsync<double>("""
            () => { const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number); return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255; }
            """);
        if (theme == "dark") Assert.True(luminance < 0.3, $"dark background expected, luminance {luminance:F2}");
        else Assert.True(luminance > 0.7, $"light background expected, luminance {luminance:F2}");
        Directory.CreateDirectory(Store.ScreenshotDirectory);
        var file = Path.Combine(Store.ScreenshotDirectory, $"{name}-{theme}.png");
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
