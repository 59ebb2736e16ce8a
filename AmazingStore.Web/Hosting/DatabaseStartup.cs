using AmazingStore.Data.Migrations;
using Npgsql;

namespace AmazingStore.Web.Hosting;

/// <summary>Migrates the database before the server takes requests, then seeds the demo catalog in demo mode.</summary>
public sealed class DatabaseStartup(
    SchemaMigrator migrator,
    NpgsqlDataSource dataSource,
    IConfiguration config,
    IHostEnvironment env,
    ILogger<DatabaseStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // A database that is still starting (or restarting) gets a short grace period.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                var applied = await migrator.MigrateAsync(ct);
                log.LogInformation("Database schema at version {Version} ({Applied} applied) in {Elapsed:0} ms",
                    SchemaMigrator.LatestVersion, applied, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                break;
            }
            catch (NpgsqlException e) when (e.IsTransient && DateTime.UtcNow < deadline)
            {
                log.LogWarning("Database not reachable yet ({Error}); retrying", e.Message);
                await Task.Delay(500, ct);
            }
        }
        if (DemoMode.IsOn(config, env))
            await DemoSeeding.SeedAsync(dataSource, log, ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
