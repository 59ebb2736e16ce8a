using AmazingStore.Tests.Images;
using AmazingStore.Tests.Orders;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AmazingStore.Tests.Browser;

/// <summary>
/// The admin's Categories and Banners tabs inside Telegram (issue 19 item 9): a subcategory and a banner made
/// through the screens, each with a picture uploaded to the store and served back from /images/.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminCatalogTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Admin_makes_a_subcategory_and_a_banner_with_uploaded_pictures_light_and_dark()
    {
        await using var host = await Shop.StartAsync();
        const long adminId = Shop.AdminTelegramId;
        var (_, root) = await Shop.AsAsync(host, adminId, HttpMethod.Post, "/api/admin/categories", new { name_uz = "Kiyim", name_ru = "Одежда", icon = "👕", sort_order = 1 });
        var rootId = root.GetProperty("id").GetInt32();
        var picture = Path.Combine(Directory.CreateTempSubdirectory("catalog-ui-").FullName, "picture.png");
        await File.WriteAllBytesAsync(picture, ImageUploadTests.Png);

        var initData = TelegramStub.InitData(adminId, "Ali", "Admin", "uz");
        await using var s = await browser.OpenAsync(host, initScript: TelegramStub.Script(initData, adminId, "Ali", "Admin", "uz"));
        var page = s.Page;
        await page.GotoAsync("/#/admin");
        await s.ById("admin-tab-categories").ClickAsync();
        await Expect(s.ById("admin-tab-categories")).ToHaveTextAsync("Kategoriyalar");
        var rows = s.ById("cat-row");
        await Expect(rows).ToHaveCountAsync(1);

        // A subcategory of Kiyim, with an icon, an order and an uploaded picture.
        await rows.First.GetByTestId("cat-add-sub").ClickAsync();
        await Expect(s.ById("cat-parent")).ToHaveValueAsync(rootId.ToString());
        await s.ById("cat-name_uz").FillAsync("Ko'ylaklar");
        await s.ById("cat-name_ru").FillAsync("Рубашки");
        await s.ById("cat-icon").FillAsync("👔");
        await s.ById("cat-sort").FillAsync("2");
        await s.ById("cat-image-file").SetInputFilesAsync(picture);
        await Expect(s.ById("cat-image")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^/images/[0-9a-f]{32}\\.png$"));
        await s.ById("cat-form-save").ClickAsync();
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(1)).ToContainTextAsync("Ko'ylaklar");
        Assert.Equal(rootId, await host.ScalarAsync<int>("SELECT parent_id FROM categories WHERE name_uz = 'Ko''ylaklar' AND icon = '👔' AND sort_order = 2 AND image_url LIKE '/images/%'"));

        // Deactivated, not deleted: it stays in the tree, marked.
        await rows.Nth(1).GetByTestId("cat-deactivate").ClickAsync();
        await Expect(rows.Nth(1).GetByTestId("cat-inactive")).ToHaveTextAsync("Nofaol");
        Assert.False(await host.ScalarAsync<bool>("SELECT is_active FROM categories WHERE name_uz = 'Ko''ylaklar'"));
        await ScreenshotTools.ShootAsync(page, "admin-categories", "light");
        await page.EvaluateAsync("() => { document.documentElement.dataset.theme = 'dark'; }");
        await ScreenshotTools.ShootAsync(page, "admin-categories", "dark");
        await page.EvaluateAsync("() => { document.documentElement.dataset.theme = 'light'; }");

        // A banner linking to a page, with an uploaded picture the list then shows from the store.
        await s.ById("admin-tab-banners").ClickAsync();
        await Expect(s.ById("admin-tab-banners")).ToHaveTextAsync("Bannerlar");
        await s.ById("bn-new").ClickAsync();
        await s.ById("bn-title_uz").FillAsync("Qishki chegirma");
        await s.ById("bn-title_ru").FillAsync("Зимняя скидка");
        await s.ById("bn-image-file").SetInputFilesAsync(picture);
        await Expect(s.ById("bn-image")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex("^/images/[0-9a-f]{32}\\.png$"));
        await s.ById("bn-link_type").SelectOptionAsync("url");
        await s.ById("bn-link_url").FillAsync("https://example.uz/aksiya");
        await s.ById("bn-sort").FillAsync("3");
        await s.ById("bn-form-save").ClickAsync();
        var cards = s.ById("bn-card");
        await Expect(cards).ToHaveCountAsync(1);
        await Expect(cards.First).ToContainTextAsync("Qishki chegirma");
        var imageUrl = (await host.ScalarAsync<string>("SELECT image_url FROM banners WHERE title_ru = 'Зимняя скидка' AND link_type = 'url' AND link_url = 'https://example.uz/aksiya' AND sort_order = 3"))!;
        Assert.StartsWith("/images/", imageUrl);
        var shown = cards.First.Locator("img.bn-img");
        await Expect(shown).ToHaveAttributeAsync("src", imageUrl);
        // The picture really came back from the store (a broken one would have been swapped for the placeholder).
        Assert.True(await shown.EvaluateAsync<bool>("i => i.complete && i.naturalWidth > 0"));
        Assert.Contains(s.ApiCalls, c => c.Method == "POST" && c.PathAndQuery == "/api/admin/images");
        await ScreenshotTools.ShootAsync(page, "admin-banners", "light");
        await page.EvaluateAsync("() => { document.documentElement.dataset.theme = 'dark'; }");
        await ScreenshotTools.ShootAsync(page, "admin-banners", "dark");

        // Delete takes a second tap.
        await cards.First.GetByTestId("bn-delete").ClickAsync();
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM banners"));
        await cards.First.GetByTestId("bn-delete").ClickAsync();
        await Expect(cards).ToHaveCountAsync(0);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM banners"));
        s.AssertClean();

        // In Russian (the profile's language, which the app follows): the tree with Russian names and labels.
        await host.ScalarAsync<int>("UPDATE users SET language = 'ru' WHERE telegram_id = $1 RETURNING 1", adminId);
        var ru = TelegramStub.InitData(adminId, "Ali", "Admin", "ru");
        await using var r = await browser.OpenAsync(host, initScript: TelegramStub.Script(ru, adminId, "Ali", "Admin", "ru", colorScheme: "dark"));
        await r.Page.GotoAsync("/#/admin");
        await r.ById("admin-tab-categories").ClickAsync();
        await Expect(r.ById("admin-tab-categories")).ToHaveTextAsync("Категории");
        var ruRows = r.ById("cat-row");
        await Expect(ruRows).ToHaveCountAsync(2);
        await Expect(ruRows.Nth(1)).ToContainTextAsync("Рубашки");
        await Expect(ruRows.Nth(1).GetByTestId("cat-inactive")).ToHaveTextAsync("Неактивна");
        await Expect(ruRows.Nth(1).GetByTestId("cat-activate")).ToHaveTextAsync("Включить");
        await r.ById("admin-tab-banners").ClickAsync();
        await Expect(r.ById("bn-new")).ToHaveTextAsync("+ Новый баннер");
        await ScreenshotTools.ShootAsync(r.Page, "admin-banners-ru", "dark");
        r.AssertClean();
    }
}
