using System.Net;
using System.Text.RegularExpressions;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;

namespace AmazingStore.Tests.Ledger;

/// <summary>"Available = on hand − reserved, never below 0" has one definition: inventory's generated column.</summary>
public sealed class AvailableStockTests
{
    [Fact]
    public async Task The_catalog_the_cart_and_the_admin_reply_all_show_the_databases_figure()
    {
        await using var host = await Shop.StartAsync();
        var id = await Shop.ProductAsync(host, "AV-1", 10_000, 5);
        Assert.Equal("s", await host.ScalarAsync<string>(
            "SELECT attgenerated::text FROM pg_attribute WHERE attrelid = 'inventory'::regclass AND attname = 'available'"));
        await Shop.FillCartAsync(new Shopper(host, 7501), (id, 3));
        Assert.Equal(HttpStatusCode.Created, (await Shop.PlaceAsync(host, 7501)).Status);
        await Shop.FillCartAsync(new Shopper(host, 7502), (id, 1));

        Assert.Equal(2, await host.ScalarAsync<int>("SELECT available FROM inventory WHERE product_id = $1", id));
        var (_, product) = await Shop.AsAsync(host, 7502, HttpMethod.Get, $"/api/products/{id}");
        var (_, cart) = await Shop.AsAsync(host, 7502, HttpMethod.Get, "/api/cart");
        var (_, list) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Get, "/api/admin/products?limit=100");
        var admin = list.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("id").GetInt32() == id);
        Assert.Equal(2, product.GetProperty("stock_quantity").GetInt32());
        Assert.Equal(2, cart.GetProperty("items")[0].GetProperty("available").GetInt32());
        Assert.Equal((5, 3, 2), (admin.GetProperty("quantity").GetInt32(), admin.GetProperty("reserved_quantity").GetInt32(), admin.GetProperty("available").GetInt32()));
    }

    [Fact]
    public void No_code_outside_the_migration_subtracts_reserved_from_on_hand()
    {
        var root = AmazingStore.Tests.Browser.Store.RepoRoot;
        var copy = new Regex(@"quantity\s*-\s*(\w+\.)?reserved(_quantity|Quantity)?\b|Quantity\s*-\s*\w+\.Reserved|quantity\s*-\s*\(\w+\.reserved_quantity",
            RegexOptions.IgnoreCase);
        var files = Directory.EnumerateFiles(Path.Combine(root, "AmazingStore.Web"), "*.cs", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "AmazingStore.Bot"), "*.cs", SearchOption.AllDirectories))
            .Concat(Directory.EnumerateFiles(Path.Combine(root, "wwwroot", "js"), "*.js", SearchOption.AllDirectories))
            .Append(Path.Combine(root, "AmazingStore.Data", "Inventory", "StockSql.cs"))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"));
        var copies = files.Where(f => copy.IsMatch(File.ReadAllText(f))).Select(f => Path.GetRelativePath(root, f)).ToList();
        Assert.Empty(copies);
    }
}
