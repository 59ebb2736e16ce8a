using AmazingStore.Web.Infrastructure;
using Npgsql;

namespace AmazingStore.Web.Catalog;

/// <summary>The SQL behind the category and banner lists.</summary>
internal static class CatalogQueries
{
    public static async Task<ItemsReply<CategoryReply>?> CategoriesAsync(NpgsqlDataSource db, string lang, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id, name_uz, name_ru, parent_id, icon, color, image_url, sort_order
            FROM categories WHERE is_active ORDER BY sort_order, id
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var items = new List<CategoryReply>();
        while (await r.ReadAsync(ct))
            items.Add(new(r.GetInt32(0), Lang.Pick(lang, r.GetString(1), Str(r, 2)) ?? "", r.IsDBNull(3) ? null : r.GetInt32(3),
                Str(r, 4), Str(r, 5), Str(r, 6), r.GetInt32(7)));
        return new ItemsReply<CategoryReply>(items);
    }

    public static async Task<ItemsReply<BannerReply>?> BannersAsync(NpgsqlDataSource db, string lang, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT id, title_uz, title_ru, image_url, link_type, link_id, link_url, sort_order
            FROM banners WHERE is_active ORDER BY sort_order, id
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var items = new List<BannerReply>();
        while (await r.ReadAsync(ct))
            items.Add(new(r.GetInt32(0), Lang.Pick(lang, Str(r, 1), Str(r, 2)), r.GetString(3), Str(r, 4),
                r.IsDBNull(5) ? null : r.GetInt32(5), Str(r, 6), r.GetInt32(7)));
        return new ItemsReply<BannerReply>(items);
    }

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
