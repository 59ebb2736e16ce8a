using AmazingStore.Web.Auth;
using Npgsql;

namespace AmazingStore.Web.Users;

/// <summary>Reads of the caller's row and favorites shared by the user endpoints.</summary>
internal static class UserStore
{
    public static async Task<UserReply> ReadAsync(NpgsqlDataSource db, Customer who, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(
            "SELECT id, telegram_id, first_name, last_name, username, phone, language FROM users WHERE id = $1");
        cmd.Parameters.AddWithValue(who.UserId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        return new UserReply(r.GetInt32(0), r.GetInt64(1), r.GetString(2), Str(r, 3), Str(r, 4), Str(r, 5), r.GetString(6), who.IsAdmin);
    }

    /// <summary>The caller's favorite products that are still on sale, oldest first.</summary>
    public static async Task<List<int>> FavoritesAsync(NpgsqlDataSource db, int userId, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            SELECT f.product_id FROM favorites f JOIN products p ON p.id = f.product_id
            WHERE f.user_id = $1 AND p.is_active ORDER BY f.created_at, f.id
            """);
        cmd.Parameters.AddWithValue(userId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var ids = new List<int>();
        while (await r.ReadAsync(ct)) ids.Add(r.GetInt32(0));
        return ids;
    }

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
