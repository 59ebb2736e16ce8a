using System.Globalization;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Web.Hosting;

namespace AmazingStore.Tests.Browser;

/// <summary>Hosts in demo mode and what the tests read from their databases.</summary>
public static class Store
{
    public sealed record Product(int Id, string Sku, string NameUz, string NameRu, string? DescriptionUz, string? DescriptionRu, decimal DisplayPrice);

    /// <summary>The real host with the demo catalog seeded and /api/dev/init-data on.</summary>
    public static Task<StoreHost> StartAsync() => StoreHost.StartAsync(new Dictionary<string, string?> { ["Store:DemoMode"] = "true" });

    public static Task<Product> ProductAsync(StoreHost host, string sku) => ProductWhereAsync(host, "sku = $1", sku);

    public static Task<Product> ProductAsync(StoreHost host, int id) => ProductWhereAsync(host, "id = $1", id);

    private static async Task<Product> ProductWhereAsync(StoreHost host, string where, object arg)
    {
        await using var cmd = host.Db.CreateCommand(
            "SELECT id, sku, name_uz, COALESCE(name_ru, name_uz), description_uz, description_ru, COALESCE(sale_price, price) FROM products WHERE " + where);
        cmd.Parameters.AddWithValue(arg);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync(), "no product " + arg);
        return new(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetString(3),
            r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetDecimal(6));
    }

    public static async Task<int> ExecuteAsync(StoreHost host, string sql, params object[] args)
    {
        await using var cmd = host.Db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        return await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>The app's price format: U+202F between thousands, U+00A0 before the unit.</summary>
    public static string Price(decimal amount, string lang = "uz")
    {
        var v = (long)Math.Round(amount, MidpointRounding.AwayFromZero);
        var digits = Math.Abs(v).ToString(CultureInfo.InvariantCulture);
        var groups = new List<string>();
        for (var end = digits.Length; end > 0; end -= 3) groups.Insert(0, digits[Math.Max(0, end - 3)..end]);
        return (v < 0 ? "−" : "") + string.Join('\u202F', groups) + '\u00A0' + (lang == "ru" ? "сум" : "so'm");
    }

    public static string RepoRoot => ContentRoot.Locate();

    public static string ScreenshotDirectory => Path.Combine(RepoRoot, "tests", "AmazingStore.Tests", "screenshots");
}
