using System.Net;
using System.Text.Json;
using AmazingStore.Tests.Infrastructure;

namespace AmazingStore.Tests.Foundation;

public sealed class HostTests
{
    [Fact]
    public async Task Starts_ready_and_serves_the_demo_catalog()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Store:DemoMode"] = "true" });
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/ready")).StatusCode);

        using var products = JsonDocument.Parse(await host.Client.GetStringAsync("/api/products?limit=20"));
        var items = products.RootElement.GetProperty("items");
        Assert.True(items.GetArrayLength() > 0);
        Assert.All(items.EnumerateArray(), p => Assert.False(string.IsNullOrEmpty(p.GetProperty("sku").GetString())));
        Assert.True(await host.ScalarAsync<long>("SELECT count(*) FROM products") >= 30);
    }

    [Fact]
    public async Task Describes_its_api_and_answers_unknown_api_paths_with_a_problem()
    {
        await using var host = await StoreHost.StartAsync();
        var openApi = await host.Client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, openApi.StatusCode);
        Assert.Contains("/api/products", await openApi.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/swagger/index.html")).StatusCode);

        var missing = await host.Client.GetAsync("/api/no-such-thing");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await missing.Content.ReadAsStringAsync());
        Assert.Equal("not_found", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Runs_on_its_embedded_database_which_survives_a_restart_and_stops_with_the_host()
    {
        var dir = Path.Combine(Path.GetTempPath(), "amazing-host-" + Guid.NewGuid().ToString("N")[..8]);
        var settings = new Dictionary<string, string?> { ["Store:DataDirectory"] = dir, ["Store:DemoMode"] = "true" };
        try
        {
            await using (var first = await StoreHost.StartAsync(settings, connectionString: ""))
            {
                Assert.Equal(HttpStatusCode.OK, (await first.Client.GetAsync("/health/ready")).StatusCode);
                await using var cmd = first.Db.CreateCommand("UPDATE products SET name_uz = 'Qayta ishga tushirishdan omon qoldi' WHERE id = (SELECT min(id) FROM products)");
                Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
            }
            Assert.Empty(PostgresProcesses.Using(dir));

            await using (var second = await StoreHost.StartAsync(settings, connectionString: ""))
            {
                Assert.Equal("Qayta ishga tushirishdan omon qoldi",
                    await second.ScalarAsync<string>("SELECT name_uz FROM products WHERE id = (SELECT min(id) FROM products)"));
            }
            Assert.Empty(PostgresProcesses.Using(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Two_hosts_starting_together_on_one_empty_database_share_one_schema()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(migrated: false);
        var hosts = await Task.WhenAll(StoreHost.StartAsync(connectionString: cs), StoreHost.StartAsync(connectionString: cs));
        try
        {
            foreach (var h in hosts)
                Assert.Equal(HttpStatusCode.OK, (await h.Client.GetAsync("/health/ready")).StatusCode);
            Assert.Equal((long)AmazingStore.Data.Migrations.SchemaMigrator.All.Count,
                await hosts[0].ScalarAsync<long>("SELECT count(*) FROM schema_migrations"));
        }
        finally
        {
            foreach (var h in hosts) await h.DisposeAsync();
        }
    }
}
