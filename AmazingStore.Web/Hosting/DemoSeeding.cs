using AmazingStore.Data.Demo;
using Npgsql;

namespace AmazingStore.Web.Hosting;

/// <summary>Fills an empty database with the demo catalog (demo mode only).</summary>
public static class DemoSeeding
{
    public static async Task SeedAsync(NpgsqlDataSource dataSource, ILogger log, CancellationToken ct)
    {
        if (await DemoCatalogSeeder.SeedIfEmptyAsync(dataSource, ct))
            log.LogInformation("Seeded the demo catalog");
    }
}
