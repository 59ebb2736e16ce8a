using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AmazingStore.Data.Migrations;

public sealed record Migration(int Version, string Name, string Sql, string Checksum);

/// <summary>
/// Applies the embedded, versioned SQL files in order, each once and in its own transaction, under
/// an advisory lock so that instances starting together take turns. A file that changed after it
/// ran is refused: the database would no longer match what the code was written against.
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator> log)
{
    // Any constant works; it only has to be the same for every instance of this application.
    private const long LockKey = 0x4D53_5452_4F41;

    private static readonly Lazy<IReadOnlyList<Migration>> Embedded = new(Discover);

    public static IReadOnlyList<Migration> All => Embedded.Value;
    public static int LatestVersion => All.Count == 0 ? 0 : All[^1].Version;

    public async Task<int> MigrateAsync(CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await Exec(conn, $"SELECT pg_advisory_lock({LockKey})", ct);
        try
        {
            await Exec(conn, """
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    INT PRIMARY KEY,
                    name       TEXT NOT NULL,
                    checksum   TEXT NOT NULL,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                """, ct);
            var applied = new Dictionary<int, string>();
            await using (var read = new NpgsqlCommand("SELECT version, checksum FROM schema_migrations", conn))
            await using (var reader = await read.ExecuteReaderAsync(ct))
                while (await reader.ReadAsync(ct)) applied[reader.GetInt32(0)] = reader.GetString(1);

            var count = 0;
            foreach (var m in All)
            {
                if (applied.TryGetValue(m.Version, out var checksum))
                {
                    if (checksum != m.Checksum)
                        throw new InvalidOperationException(
                            $"Migration {m.Version:D4}_{m.Name} changed after it was applied (checksum {checksum} in the database, {m.Checksum} now). " +
                            "Add a new migration instead of editing one that ran.");
                    continue;
                }
                await using var tx = await conn.BeginTransactionAsync(ct);
                await using (var cmd = new NpgsqlCommand(m.Sql, conn, tx)) { cmd.CommandTimeout = 300; await cmd.ExecuteNonQueryAsync(ct); }
                await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", conn, tx))
                {
                    record.Parameters.AddWithValue(m.Version);
                    record.Parameters.AddWithValue(m.Name);
                    record.Parameters.AddWithValue(m.Checksum);
                    await record.ExecuteNonQueryAsync(ct);
                }
                await tx.CommitAsync(ct);
                log.LogInformation("Applied migration {Version:D4}_{Name}", m.Version, m.Name);
                count++;
            }
            // Types created by a migration (e.g. extensions) must be visible to pooled connections.
            if (count > 0) await conn.ReloadTypesAsync(ct);
            return count;
        }
        finally
        {
            await Exec(conn, $"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
        }
    }

    /// <summary>The newest version recorded in the database, or 0 when none ran.</summary>
    public async Task<int> AppliedVersionAsync(CancellationToken ct = default)
    {
        await using var cmd = dataSource.CreateCommand(
            "SELECT COALESCE((SELECT max(version) FROM schema_migrations), 0) WHERE to_regclass('schema_migrations') IS NOT NULL");
        return await cmd.ExecuteScalarAsync(ct) is int v ? v : 0;
    }

    private static async Task Exec(NpgsqlConnection conn, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static IReadOnlyList<Migration> Discover()
    {
        var asm = typeof(SchemaMigrator).Assembly;
        const string prefix = "AmazingStore.Data.Migrations.";
        var list = new List<Migration>();
        foreach (var resource in asm.GetManifestResourceNames().Where(n => n.StartsWith(prefix) && n.EndsWith(".sql")))
        {
            var file = resource[prefix.Length..^4];
            var underscore = file.IndexOf('_');
            if (underscore < 1 || !int.TryParse(file[..underscore], out var version))
                throw new InvalidOperationException($"Migration file {file}.sql must be named NNNN_name.sql");
            using var stream = asm.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            // Line endings must not change a checksum between checkouts.
            var sql = reader.ReadToEnd().Replace("\r\n", "\n");
            var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
            list.Add(new Migration(version, file[(underscore + 1)..], sql, checksum));
        }
        var dup = list.GroupBy(m => m.Version).FirstOrDefault(g => g.Count() > 1);
        if (dup is not null) throw new InvalidOperationException($"Two migrations share version {dup.Key}");
        return list.OrderBy(m => m.Version).ToList();
    }
}
