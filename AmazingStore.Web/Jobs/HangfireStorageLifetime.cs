using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Web.Jobs;

/// <summary>
/// Creates or upgrades Hangfire's schema after the store's own migrations and before the Hangfire server
/// starts (hosted services start in order). Not left to the storage's constructor: that runs wherever the
/// storage is first resolved (mapping the dashboard, before the host starts) and blocks there.
/// Instances starting together take turns on an advisory lock: the install scripts are not safe to race.
/// While the host runs, Hangfire may log through its logger factory (<see cref="LiveHostsLogProvider"/>).
/// </summary>
public sealed class HangfireStorageLifetime(NpgsqlDataSource dataSource, IOptions<JobsOptions> options, ILoggerFactory loggers) : IHostedService
{
    private IDisposable? _logging;

    private const int LockClass = 0x4846; // "HF"

    public async Task StartAsync(CancellationToken ct)
    {
        _logging = LiveHostsLogProvider.Instance.Register(loggers);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        try
        {
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({LockClass}, 0)", conn)) await take.ExecuteNonQueryAsync(ct);
            await Task.Run(() => PostgreSqlObjectsInstaller.Install(conn, options.Value.Schema), ct);
        }
        finally
        {
            // Pooled connections are not reset (DatabaseSetup.Tuned): the lock goes back explicitly.
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", conn);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Long polling listens on connections Hangfire clones from ours, which pool by connection string
    /// outside the data source and would stay open after the host (one per worker): closed here, after
    /// the server (hosted services stop in reverse order).
    /// </summary>
    public Task StopAsync(CancellationToken ct)
    {
        _logging?.Dispose();
        using var ours = dataSource.CreateConnection();
        using var listener = ours.CloneWith(ours.ConnectionString);
        NpgsqlConnection.ClearPool(listener);
        return Task.CompletedTask;
    }
}
