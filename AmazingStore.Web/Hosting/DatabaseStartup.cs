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
        // A database that is still starting (or restarting) gets a short grace period.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                await migrator.MigrateAsync(ct);
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
