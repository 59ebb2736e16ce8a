using Npgsql;

namespace AmazingStore.Web.Hosting;

/// <summary>
/// Sizes the connection pool from what the server allows, so that the store never takes the whole server:
/// Npgsql's default (100) is PostgreSQL's default max_connections, and a checkout burst that opened them all
/// locked out the owner's psql, a second instance and the migrations ("too many clients already").
/// The rule: (max_connections − superuser_reserved_connections − reserve) ÷ instances, at least 4, at most
/// Store:MaxPoolSize; the reserve is Store:ConnectionReserve or 10 % of the server's connections, whichever is
/// more. A connection string that names its own Maximum Pool Size is taken as it is.
/// </summary>
public static class ConnectionBudget
{
    private const int Floor = 4;

    public static async Task<string> ApplyAsync(string connectionString, StoreOptions o, ILogger log, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var given = connectionString.Replace(" ", "");
        if (given.Contains("MaxPoolSize", StringComparison.OrdinalIgnoreCase) || given.Contains("MaximumPoolSize", StringComparison.OrdinalIgnoreCase))
        {
            log.LogInformation("Connection pool: {Size}, as the connection string says", cs.MaxPoolSize);
            return connectionString;
        }
        int max, superuser;
        try
        {
            var probe = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 };
            await using var conn = new NpgsqlConnection(probe.ConnectionString);
            await conn.OpenAsync(ct);
            max = await IntSettingAsync(conn, "max_connections", ct);
            superuser = await IntSettingAsync(conn, "superuser_reserved_connections", ct);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            // The server is not up yet (start-up waits for it): take a size that fits PostgreSQL's defaults.
            cs.MaxPoolSize = Math.Min(o.MaxPoolSize, 20);
            log.LogWarning("Connection pool: {Size} (the server could not be asked for max_connections: {Error})", cs.MaxPoolSize, e.Message);
            return cs.ConnectionString;
        }
        var (size, reserve) = Size(max, superuser, o);
        cs.MaxPoolSize = size;
        log.LogInformation("Connection pool: {Size} (server max_connections {Max}, {Superuser} for superusers, {Reserve} kept for admins and tools, " +
            "shared by {Instances} instances, cap Store:MaxPoolSize {Cap})", size, max, superuser, reserve, Math.Max(o.Instances, 1), o.MaxPoolSize);
        return cs.ConnectionString;
    }

    public static (int Size, int Reserve) Size(int maxConnections, int superuserReserved, StoreOptions o)
    {
        var reserve = Math.Max(o.ConnectionReserve, maxConnections / 10);
        var share = (maxConnections - superuserReserved - reserve) / Math.Max(o.Instances, 1);
        return (Math.Clamp(share, Floor, Math.Max(o.MaxPoolSize, Floor)), reserve);
    }

    private static async Task<int> IntSettingAsync(NpgsqlConnection conn, string name, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("SELECT setting::int FROM pg_settings WHERE name = $1", conn);
        cmd.Parameters.AddWithValue(name);
        return (int)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
