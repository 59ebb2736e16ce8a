using System.Text.RegularExpressions;
using AmazingStore.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace AmazingStore.Tests.Browser;

/// <summary>A customer in demo mode in an ordinary browser: catalog, cart, checkout, orders, language, errors.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CustomerTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static ILocator Card(IPage page, int productId) => page.Locator($"[data-testid=product-card][data-product-id='{productId}']");
    private static ILocator Line(IPage page, int productId) => page.Locator($"[data-testid=cart-line][data-product-id='{productId}']");

    [Fact]
    public async Task Browses_searches_fills_the_cart_checks_out_and_finds_the_order_in_my_orders_and_the_database()
    {
        await using var host = await Store.StartAsync();
        await using var s = await browser.OpenAsync(host);
        var page = s.Page;
        const long demoId = 555001;
        var redmi = await Store.ProductAsync(host, "AS-ELK-0002");
        var tea = await Store.ProductAsync(host, "AS-OZQ-0001");
        var electronics = (await host.ScalarAsync<int?>("SELECT id FROM categories WHERE name_uz = 'Elektronika' AND parent_id IS NULL"))!.Value;
        var inElectronics = new List<string>();
        await using (var cmd = host.Db.CreateCommand("""
            SELECT p.id FROM products p JOIN categories c ON c.id = p.category_id
            WHERE p.is_active AND (c.id = $1 OR c.parent_id = $1) ORDER BY p.id
            """))
        {
            cmd.Parameters.AddWithValue(electronics);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) inElectronics.Add(r.GetInt32(0).ToString());
        }
        Assert.InRange(inElectronics.Count, 2, 19); // fits one page, and fewer than the unfiltered first page

        await page.GotoAsync($"/?demo_id={demoId}");
        await Expect(s.ById("demo-badge")).ToBeVisibleAsync();
        var cards = s.ById("product-grid").GetByTestId("product-card");
        await Expect(cards).ToHaveCountAsync(20);

        // A category: only its products (subcategories included), and its subcategory chips appear.
        var tab = page.Locator($"[data-testid=category-tab][data-category-id='{electronics}']");
        await tab.ClickAsync();
        await Expect(tab).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(s.ById("subcategory-tabs")).ToBeVisibleAsync();
        await Expect(cards).ToHaveCountAsync(inElectronics.Count);
        var shown = new List<string>();
        foreach (var c in await cards.AllAsync()) shown.Add((await c.GetAttributeAsync("data-product-id"))!);
        Assert.Equal(inElectronics, shown.OrderBy(int.Parse).ToList());

        // Search inside the category, open the product, add it.
        await s.ById("search-input").FillAsync("Redmi");
        await Expect(cards).ToHaveCountAsync(1);
        await Expect(Card(page, redmi.Id).GetByTestId("product-name")).ToHaveTextAsync(redmi.NameUz);
        await Expect(Card(page, redmi.Id).GetByTestId("product-price")).ToContainTextAsync(Store.Price(redmi.DisplayPrice));
        await Card(page, redmi.Id).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"#/product/{redmi.Id}$"));
        await Expect(s.ById("product-title")).ToHaveTextAsync(redmi.NameUz);
        await Expect(s.ById("product-description")).ToHaveTextAsync(redmi.DescriptionUz!);
        await s.ById("add-to-cart").ClickAsync();
        await Expect(s.ById("toast")).ToBeVisibleAsync();
        await Expect(s.ById("cart-count")).ToHaveTextAsync("1");

        // Back to the list (restored as it was), then all categories and a search by SKU.
        await s.ById("back-button").ClickAsync();
        await Expect(s.ById("search-input")).ToHaveValueAsync("Redmi");
        await page.Locator("[data-testid=category-tab][data-category-id='']").ClickAsync();
        await s.ById("search-input").FillAsync(tea.Sku);
        await Expect(cards).ToHaveCountAsync(1);
        await Card(page, tea.Id).ClickAsync();
        await Expect(s.ById("product-title")).ToHaveTextAsync(tea.NameUz);
        await s.ById("add-to-cart").ClickAsync();
        await Expect(s.ById("cart-count")).ToHaveTextAsync("2");

        // The cart: two lines; one more Redmi updates the line and the subtotal.
        await s.ById("tab-cart").ClickAsync();
        await Expect(s.ById("cart-line")).ToHaveCountAsync(2);
        await Expect(Line(page, redmi.Id).GetByTestId("cart-line-name")).ToHaveTextAsync(redmi.NameUz);
        await Expect(s.ById("cart-subtotal")).ToHaveTextAsync(Store.Price(redmi.DisplayPrice + tea.DisplayPrice));
        var patch = await page.RunAndWaitForResponseAsync(() => Line(page, redmi.Id).GetByTestId("qty-plus").ClickAsync(),
            r => r.Url.Contains("/api/cart/") && r.Request.Method == "PATCH");
        Assert.Equal(200, patch.Status);
        await Expect(Line(page, redmi.Id).GetByTestId("qty-value")).ToHaveTextAsync("2");
        await Expect(Line(page, redmi.Id).GetByTestId("cart-line-total")).ToHaveTextAsync(Store.Price(2 * redmi.DisplayPrice));
        var expectedSubtotal = 2 * redmi.DisplayPrice + tea.DisplayPrice;
        await Expect(s.ById("cart-subtotal")).ToHaveTextAsync(Store.Price(expectedSubtotal));
        await Expect(s.ById("cart-count")).ToHaveTextAsync("3");

        // Checkout with the ordinary button (outside Telegram).
        await s.ById("checkout-button").ClickAsync();
        await Expect(s.ById("checkout-form")).ToBeVisibleAsync();
        await Expect(s.ById("checkout-name")).ToHaveValueAsync("Demo");
        await Expect(s.ById("checkout-total")).ToHaveTextAsync(Store.Price(expectedSubtotal));
        await Expect(s.ById("checkout-payment-cash")).ToBeCheckedAsync();
        await s.ById("checkout-name").FillAsync("Aziz Karimov");
        await s.ById("checkout-phone").FillAsync("+998 90 123-45-67");
        await s.ById("checkout-address").FillAsync("Toshkent, Chilonzor 9-kvartal, 12-uy");
        await s.ById("checkout-notes").FillAsync("Darvoza ko‘k");
        await s.ById("checkout-submit").ClickAsync();
        await Expect(s.ById("order-confirmation")).ToBeVisibleAsync();
        var orderId = int.Parse(Regex.Match(page.Url, @"#/orders/(\d+)\?new=1$").Groups[1].Value);
        await Expect(s.ById("order-line")).ToHaveCountAsync(2);
        await Expect(s.ById("cart-count")).ToHaveCountAsync(0);

        // "My orders" lists it.
        await s.ById("tab-orders").ClickAsync();
        var item = s.ById("order-item");
        await Expect(item).ToHaveCountAsync(1);
        await Expect(item).ToHaveAttributeAsync("data-order-id", orderId.ToString());
        await Expect(item.GetByTestId("order-status")).ToHaveAttributeAsync("data-status", "pending");

        // The database holds that order, for this demo user, with the right items, quantities and totals.
        await using (var cmd = host.Db.CreateCommand("""
            SELECT u.telegram_id, o.status, o.source, o.customer_name, o.customer_phone, o.delivery_address, o.delivery_notes,
                   o.payment_method, o.subtotal, o.delivery_fee, o.total, o.order_number
            FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = $1
            """))
        {
            cmd.Parameters.AddWithValue(orderId);
            await using var r = await cmd.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync());
            Assert.Equal(demoId, r.GetInt64(0));
            Assert.Equal("pending", r.GetString(1));
            Assert.Equal("app", r.GetString(2));
            Assert.Equal("Aziz Karimov", r.GetString(3));
            Assert.Equal("+998901234567", r.GetString(4));
            Assert.Equal("Toshkent, Chilonzor 9-kvartal, 12-uy", r.GetString(5));
            Assert.Equal("Darvoza ko‘k", r.GetString(6));
            Assert.Equal("cash", r.GetString(7));
            Assert.Equal(expectedSubtotal, r.GetDecimal(8));
            Assert.Equal(r.GetDecimal(8) + r.GetDecimal(9), r.GetDecimal(10));
            await Expect(item.GetByTestId("order-total")).ToHaveTextAsync(Store.Price(r.GetDecimal(10)));
            await Expect(item).ToHaveAttributeAsync("data-order-number", r.GetString(11));
        }
        var lines = new List<(int Product, int Quantity, decimal Price, decimal Subtotal, string Name)>();
        await using (var cmd = host.Db.CreateCommand("SELECT product_id, quantity, price, subtotal, product_name FROM order_items WHERE order_id = $1 ORDER BY product_id"))
        {
            cmd.Parameters.AddWithValue(orderId);
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) lines.Add((r.GetInt32(0), r.GetInt32(1), r.GetDecimal(2), r.GetDecimal(3), r.GetString(4)));
        }
        Assert.Equal(
            new[] { (redmi.Id, 2, redmi.DisplayPrice, 2 * redmi.DisplayPrice, redmi.NameUz), (tea.Id, 1, tea.DisplayPrice, tea.DisplayPrice, tea.NameUz) }
                .OrderBy(l => l.Item1).ToList(),
            lines);
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM cart_items"));
        Assert.Equal(2, await host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", redmi.Id));
        // Every API call after sign-in carried the demo initData.
        Assert.Contains(s.ApiCalls, c => c.PathAndQuery.StartsWith("/api/dev/init-data", StringComparison.Ordinal));
        Assert.All(s.ApiCalls.Where(c => c.PathAndQuery.StartsWith("/api/orders", StringComparison.Ordinal) || c.PathAndQuery.StartsWith("/api/cart", StringComparison.Ordinal)),
            c => Assert.StartsWith("tma ", c.Authorization));
        s.AssertClean();
    }

    [Fact]
    public async Task Switching_to_Russian_changes_the_texts_and_the_product_names()
    {
        await using var host = await Store.StartAsync();
        await using var s = await browser.OpenAsync(host);
        var page = s.Page;

        await page.GotoAsync("/?demo_id=555002");
        // The first product on the page (the newest), whatever it is.
        var firstCard = s.ById("product-grid").GetByTestId("product-card").First;
        var phone = await Store.ProductAsync(host, int.Parse((await firstCard.GetAttributeAsync("data-product-id"))!));
        Assert.NotEqual(phone.NameUz, phone.NameRu);
        await Expect(Card(page, phone.Id).GetByTestId("product-name")).ToHaveTextAsync(phone.NameUz);
        await Expect(s.ById("tab-home")).ToHaveTextAsync("Bosh sahifa");
        await Expect(Card(page, phone.Id).GetByTestId("product-price")).ToContainTextAsync(Store.Price(phone.DisplayPrice, "uz"));

        await s.ById("tab-profile").ClickAsync();
        await Expect(s.ById("lang-uz")).ToHaveAttributeAsync("aria-checked", "true");
        var put = await page.RunAndWaitForResponseAsync(() => s.ById("lang-ru").ClickAsync(),
            r => r.Url.EndsWith("/api/users/profile", StringComparison.Ordinal) && r.Request.Method == "PUT");
        Assert.Equal(200, put.Status);
        await Expect(s.ById("lang-ru")).ToHaveAttributeAsync("aria-checked", "true");
        await Expect(s.ById("tab-home")).ToHaveTextAsync("Главная");
        await Expect(s.ById("tab-cart")).ToHaveTextAsync("Корзина");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Профиль");
        Assert.Equal("ru", await host.ScalarAsync<string>("SELECT language FROM users WHERE telegram_id = 555002"));

        await s.ById("tab-home").ClickAsync();
        await Expect(Card(page, phone.Id).GetByTestId("product-name")).ToHaveTextAsync(phone.NameRu);
        await Expect(Card(page, phone.Id).GetByTestId("product-price")).ToContainTextAsync(Store.Price(phone.DisplayPrice, "ru"));
        await Expect(s.ById("search-input")).ToHaveAttributeAsync("placeholder", "Товар, артикул или штрихкод…");
        await Expect(s.ById("category-tabs")).ToContainTextAsync("Электроника");
        await Card(page, phone.Id).ClickAsync();
        await Expect(s.ById("product-title")).ToHaveTextAsync(phone.NameRu);
        await Expect(s.ById("product-description")).ToHaveTextAsync(phone.DescriptionRu!);
        await Expect(s.ById("add-to-cart")).ToHaveTextAsync("В корзину");

        // The choice outlives a reload (saved in the profile).
        await page.GotoAsync("/?demo_id=555002");
        await Expect(Card(page, phone.Id).GetByTestId("product-name")).ToHaveTextAsync(phone.NameRu);
        await Expect(s.ById("tab-orders")).ToHaveTextAsync("Заказы");
        s.AssertClean();
    }

    [Fact]
    public async Task With_one_unit_left_adding_two_names_the_product_and_what_is_left_and_the_cart_keeps_one()
    {
        await using var host = await Store.StartAsync();
        var iphone = await Store.ProductAsync(host, "AS-ELK-0003");
        Assert.Equal(1, await Store.ExecuteAsync(host, "UPDATE inventory SET quantity = 1, reserved_quantity = 0 WHERE product_id = $1", iphone.Id));
        await using var s = await browser.OpenAsync(host);
        var page = s.Page;
        var expected = $"«{iphone.NameUz}»: omborda faqat 1 dona qoldi";

        await page.GotoAsync($"/?demo_id=555003#/product/{iphone.Id}");
        await Expect(s.ById("product-stock")).ToContainTextAsync("1");
        await s.ById("add-to-cart").ClickAsync();
        await Expect(s.ById("cart-count")).ToHaveTextAsync("1");

        // Two more: the server says no, the message names the product and what is left.
        await s.ById("qty-plus").ClickAsync();
        await Expect(s.ById("qty-value")).ToHaveTextAsync("2");
        await s.ById("add-to-cart").ClickAsync();
        await Expect(s.ById("error-message")).ToHaveTextAsync(expected);
        await Expect(s.ById("cart-count")).ToHaveTextAsync("1");
        Assert.Equal(1, await host.ScalarAsync<int>("SELECT quantity FROM cart_items WHERE product_id = $1", iphone.Id));

        // In the cart, 1 → 2 is refused the same way and the line goes back to 1.
        await s.ById("tab-cart").ClickAsync();
        var line = Line(page, iphone.Id);
        await Expect(line.GetByTestId("qty-value")).ToHaveTextAsync("1");
        var patch = await page.RunAndWaitForResponseAsync(() => line.GetByTestId("qty-plus").ClickAsync(),
            r => r.Url.Contains("/api/cart/") && r.Request.Method == "PATCH");
        Assert.Equal(409, patch.Status);
        await Expect(line.GetByTestId("error-message")).ToHaveTextAsync(expected);
        await Expect(line.GetByTestId("qty-value")).ToHaveTextAsync("1");
        await Expect(s.ById("cart-subtotal")).ToHaveTextAsync(Store.Price(iphone.DisplayPrice));
        Assert.Equal(1, await host.ScalarAsync<int>("SELECT quantity FROM cart_items WHERE product_id = $1", iphone.Id));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM cart_items"));
        s.AssertClean();
    }

    [Fact]
    public async Task A_product_name_with_markup_renders_as_text()
    {
        const string evil = "<img src=x onerror=alert(1)>";
        const string evilDescription = "<b>bold</b><script>window.__pwned = 1</script>";
        await using var host = await Store.StartAsync();
        var id = (await host.ScalarAsync<int?>(
            "INSERT INTO products (sku, name_uz, name_ru, description_uz, price) VALUES ('XSS-0001', $1, $1, $2, 12000) RETURNING id", evil, evilDescription))!.Value;
        await Store.ExecuteAsync(host, "INSERT INTO inventory (product_id, quantity) VALUES ($1, 5)", id);
        await using var s = await browser.OpenAsync(host);
        var page = s.Page;
        const string injected = "() => document.querySelectorAll('img[src=\"x\"], img[onerror], #main b, #main script').length";

        await page.GotoAsync("/?demo_id=555004");
        await s.ById("search-input").FillAsync("XSS-0001");
        await Expect(s.ById("product-grid").GetByTestId("product-card")).ToHaveCountAsync(1);
        await Expect(Card(page, id).GetByTestId("product-name")).ToHaveTextAsync(evil);
        Assert.Equal(0, await page.EvaluateAsync<int>(injected));

        await Card(page, id).ClickAsync();
        await Expect(s.ById("product-title")).ToHaveTextAsync(evil);
        await Expect(s.ById("product-description")).ToHaveTextAsync(evilDescription);
        Assert.Equal(0, await page.EvaluateAsync<int>(injected));

        await s.ById("add-to-cart").ClickAsync();
        await Expect(s.ById("cart-count")).ToHaveTextAsync("1");
        await s.ById("tab-cart").ClickAsync();
        await Expect(s.ById("cart-line-name")).ToHaveTextAsync(evil);
        Assert.Equal(0, await page.EvaluateAsync<int>(injected));
        Assert.False(await page.EvaluateAsync<bool>("() => 'alert' in window && window.__pwned === 1"));
        s.AssertClean(); // no dialog fired
    }
}
