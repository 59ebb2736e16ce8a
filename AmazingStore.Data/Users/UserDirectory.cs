using Npgsql;
using static AmazingStore.Data.DbTransactions;

namespace AmazingStore.Data.Users;

/// <summary>A user as admins see them (the flags as stored; who is an admin is <see cref="AdminRule"/>'s).</summary>
public sealed record UserRow(int Id, long TelegramId, string FirstName, string? LastName, string? Username, string? Phone,
    string Language, bool IsActive, bool IsAdminFlag, DateTime CreatedAt, DateTime? LastLoginAt);

/// <summary>The admins' user list and the one place that writes a user's is_active and is_admin flags.</summary>
public static class UserDirectory
{
    private const string Columns = "id, telegram_id, first_name, last_name, username, phone, language, is_active, is_admin, created_at, last_login_at";

    /// <summary>
    /// Newest first. <paramref name="search"/> matches names and username anywhere (the trigram index of
    /// migration 0057), a phone by its digits, or a Telegram id exactly.
    /// </summary>
    public static async Task<(List<UserRow> Rows, long Total)> ListAsync(NpgsqlDataSource db, string? search, int offset, int limit, CancellationToken ct)
    {
        var where = "TRUE";
        var args = new List<NpgsqlParameter>();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var term = search.Trim();
            args.Add(Text(ContainsPattern(term)));
            where = $"({SearchText} ILIKE $1";
            var digits = new string(term.Where(char.IsAsciiDigit).ToArray());
            if (digits.Length >= 3 && digits.Length * 2 >= term.Length)
            {
                args.Add(Text(ContainsPattern(digits)));
                where += $" OR phone LIKE ${args.Count}";
            }
            if (long.TryParse(term, out var telegramId))
            {
                args.Add(P(telegramId, NpgsqlTypes.NpgsqlDbType.Bigint));
                where += $" OR telegram_id = ${args.Count}";
            }
            where += ")";
        }
        await using var batch = new NpgsqlBatch();
        batch.BatchCommands.Add(BatchCommand($"SELECT count(*) FROM users WHERE {where}", [.. args.Select(Clone)]));
        batch.BatchCommands.Add(BatchCommand(
            $"SELECT {Columns} FROM users WHERE {where} ORDER BY created_at DESC, id DESC LIMIT {limit} OFFSET {offset}", [.. args]));
        await using var conn = await db.OpenConnectionAsync(ct);
        batch.Connection = conn;
        await using var r = await batch.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var total = r.GetInt64(0);
        await r.NextResultAsync(ct);
        var rows = new List<UserRow>();
        while (await r.ReadAsync(ct)) rows.Add(Read(r));
        return (rows, total);
    }

    /// <summary>The expression the trigram index covers (migration 0057): every name part in one string.</summary>
    internal const string SearchText = "(first_name || ' ' || coalesce(last_name, '') || ' ' || coalesce(username, ''))";

    public static async Task<UserRow?> FindAsync(NpgsqlDataSource db, int id, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"SELECT {Columns} FROM users WHERE id = $1");
        cmd.Parameters.Add(Int(id));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r) : null;
    }

    /// <summary>
    /// Sets the flags given (null keeps one) after <see cref="AdminRule.RefuseChange"/>; the caller passes
    /// whether the target's Telegram id is listed in the configuration. Null row: no such user.
    /// </summary>
    public static async Task<(UserRow? Row, string? Refused)> ChangeAsync(NpgsqlDataSource db, int actorUserId, int id,
        bool? isActive, bool? isAdmin, Func<long, bool> listedInConfig, CancellationToken ct)
    {
        var before = await FindAsync(db, id, ct);
        if (before is null) return (null, null);
        if (AdminRule.RefuseChange(id == actorUserId, listedInConfig(before.TelegramId), isActive, isAdmin) is { } refused)
            return (before, refused);
        await using var cmd = db.CreateCommand($"""
            UPDATE users SET is_active = COALESCE($2, is_active), is_admin = COALESCE($3, is_admin)
            WHERE id = $1 RETURNING {Columns}
            """);
        cmd.Parameters.Add(Int(id));
        cmd.Parameters.Add(P(isActive, NpgsqlTypes.NpgsqlDbType.Boolean));
        cmd.Parameters.Add(P(isAdmin, NpgsqlTypes.NpgsqlDbType.Boolean));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return (await r.ReadAsync(ct) ? Read(r) : null, null);
    }

    private static UserRow Read(NpgsqlDataReader r) => new(r.GetInt32(0), r.GetInt64(1), r.GetString(2), Str(r, 3), Str(r, 4), Str(r, 5),
        r.GetString(6), r.GetBoolean(7), r.GetBoolean(8), r.GetDateTime(9), r.IsDBNull(10) ? null : r.GetDateTime(10));

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    /// <summary>A search term as a LIKE pattern that matches it literally anywhere.</summary>
    internal static string ContainsPattern(string term) =>
        "%" + term.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";

    private static NpgsqlParameter Clone(NpgsqlParameter p) => p.Clone();
}
