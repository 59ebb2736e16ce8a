using System.Text.RegularExpressions;
using AmazingStore.Tests.Images;
using AmazingStore.Tests.Orders;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AmazingStore.Tests.Browser;

/// <summary>
/// The product form's picture (issue 19 item 9): the same upload button as the category and banner forms puts the
/// store's /images/… path into image_url, shows a preview, and says in words why a file was refused.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminProductImageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly Regex ImagePath = new("^/images/[0-9a-f]{32}\\.png$");
    // The preview really came back from the store (a broken one is swapped for the placeholder, without a size).
    private const string Loaded = "() => { const i = document.querySelector('[data-testid=ap-image-preview] img'); return !!i && i.complete && i.naturalWidth > 0; }";

    [Fact]
    public async Task Admin_uploads_a_png_in_the_product_form_saves_it_and_the_store_serves_it_light_and_dark()
    {
        await using var host = await Shop.StartAsync();
        const long adminId = Shop.AdminTelegramId;
        var (_, cat) = await Shop.AsAsync(host, adminId, HttpMethod.Post, "/api/admin/categories", new { name_uz = "Sumkalar", name_ru = "Сумки", sort_order = 1 });
        var catId = cat.GetProperty("id").GetInt32();
        var dir = Directory.CreateTempSubdirectory("product-image-ui-").FullName;
        var picture = Path.Combine(dir, "bag.png");
        var notAPicture = Path.Combine(dir, "script.png");
        await File.WriteAllTextAsync(notAPicture, "<script>alert(1)</script>");
        // Past 2 MB but within the request's room for framing: the store reads it and answers 400 image_too_large.
        var tooLarge = Path.Combine(dir, "huge.png");
        await File.WriteAllBytesAsync(tooLarge, [.. ImageUploadTests.Png, .. new byte[2 * 1024 * 1024]]);

        var initData = TelegramStub.InitData(adminId, "Ali", "Admin", "uz");
        await using var s = await browser.OpenAsync(host, initScript: TelegramStub.Script(initData, adminId, "Ali", "Admin", "uz"));
        var page = s.Page;
        // A real photo-sized PNG: one of the demo catalog's product drawings, as the browser renders it.
        var drawing = await s.Context.NewPageAsync();
        await drawing.SetViewportSizeAsync(400, 400);
        await drawing.GotoAsync("/img/products/as-bol-0001.svg");
        var png = await drawing.Locator("svg").ScreenshotAsync();
        await drawing.CloseAsync();
        await File.WriteAllBytesAsync(picture, png);
        await page.GotoAsync("/#/admin");
        await s.ById("admin-new-product").ClickAsync();
        await s.ById("admin-field-sku").FillAsync("BAG-IMG");
        await s.ById("admin-field-name_uz").FillAsync("Charm sumka");
        await s.ById("admin-field-name_ru").FillAsync("Кожаная сумка");
        await s.ById("admin-field-price").FillAsync("250000");
        await s.ById("admin-field-category_id").SelectOptionAsync(catId.ToString());
        await Expect(s.ById("ap-image-upload")).ToHaveTextAsync("Rasm yuklash");

        // Refusals come back in words and leave the field as it was.
        await s.ById("ap-image-file").SetInputFilesAsync(notAPicture);
        await Expect(s.ById("ap-image-error")).ToHaveTextAsync("Bu fayl rasm emas: JPEG, PNG yoki WebP yuklang.");
        await s.ById("ap-image-file").SetInputFilesAsync(tooLarge);
        await Expect(s.ById("ap-image-error")).ToHaveTextAsync("Rasm juda katta: ko‘pi bilan 2 MB.");
        await Expect(s.ById("admin-field-image_url")).ToHaveValueAsync("");
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM store_images"));

        // A real PNG: the field gets the store's path, the error goes, the preview shows the served picture.
        await s.ById("ap-image-file").SetInputFilesAsync(picture);
        await Expect(s.ById("admin-field-image_url")).ToHaveValueAsync(ImagePath);
        await Expect(s.ById("ap-image-error")).ToBeHiddenAsync();
        var url = await s.ById("admin-field-image_url").InputValueAsync();
        var preview = s.ById("ap-image-preview").Locator("img");
        await Expect(preview).ToHaveAttributeAsync("src", url);
        await preview.ScrollIntoViewIfNeededAsync();
        await page.WaitForFunctionAsync(Loaded);
        await ScreenshotTools.ShootAsync(page, "admin-product-image", "light");
        await page.EvaluateAsync("() => { document.documentElement.dataset.theme = 'dark'; }");
        await ScreenshotTools.ShootAsync(page, "admin-product-image", "dark");
        await page.EvaluateAsync("() => { document.documentElement.dataset.theme = 'light'; }");

        await s.ById("admin-product-save").ClickAsync();
        await Expect(s.ById("stock-list")).ToBeVisibleAsync();
        Assert.Equal(url, await host.ScalarAsync<string>("SELECT image_url FROM products WHERE sku = 'BAG-IMG' AND name_ru = 'Кожаная сумка' AND category_id = $1", catId));
        Assert.Equal(3, s.ApiCalls.Count(c => c.Method == "POST" && c.PathAndQuery == "/api/admin/images"));
        // Served to anyone (an <img> sends no Authorization), byte for byte.
        using (var served = await host.Client.GetAsync(url))
        {
            Assert.Equal(System.Net.HttpStatusCode.OK, served.StatusCode);
            Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
            Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());
        }
        s.AssertClean();

        // In Russian, dark: editing shows the saved picture; a refused file is explained in Russian.
        var productId = await host.ScalarAsync<int>("SELECT id FROM products WHERE sku = 'BAG-IMG'");
        await host.ScalarAsync<int>("UPDATE users SET language = 'ru' WHERE telegram_id = $1 RETURNING 1", adminId);
        var ru = TelegramStub.InitData(adminId, "Ali", "Admin", "ru");
        await using var r = await browser.OpenAsync(host, initScript: TelegramStub.Script(ru, adminId, "Ali", "Admin", "ru", colorScheme: "dark"));
        await r.Page.GotoAsync($"/#/admin/products/{productId}");
        await Expect(r.ById("admin-field-image_url")).ToHaveValueAsync(url);
        await Expect(r.ById("ap-image-preview").Locator("img")).ToHaveAttributeAsync("src", url);
        await Expect(r.ById("ap-image-upload")).ToHaveTextAsync("Загрузить картинку");
        await r.ById("ap-image-file").SetInputFilesAsync(notAPicture);
        await Expect(r.ById("ap-image-error")).ToHaveTextAsync("Это не картинка: загрузите JPEG, PNG или WebP.");
        await Expect(r.ById("admin-field-image_url")).ToHaveValueAsync(url);
        await r.ById("ap-image-preview").Locator("img").ScrollIntoViewIfNeededAsync();
        await r.Page.WaitForFunctionAsync(Loaded);
        await ScreenshotTools.ShootAsync(r.Page, "admin-product-image-ru", "dark");
        r.AssertClean();
    }
}
