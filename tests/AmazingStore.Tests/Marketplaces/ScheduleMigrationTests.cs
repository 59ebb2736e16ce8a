using AmazingStore.Data.Migrations;
using AmazingStore.Tests.Infrastructure;
using Npgsql;

namespace AmazingStore.Tests.Marketplaces;

public sealed class ScheduleMigrationTests
{
    private static async Task<long> CountAsync(NpgsqlDataSource ds, string sql)
    {
        await using var cmd = ds.CreateCommand(sql);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private const string QuartzTables = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name LIKE 'qrtz%'";

    [Fact]
    public async Task Migration_0052_drops_the_quartz_tables_with_their_rows()
    {
        // A database as it was before Hangfire: every migration up to 0051, and a Quartz job stored.
        await using var ds = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync(migrated: false));
        foreach (var m in SchemaMigrator.All.Where(m => m.Version < 52))
            await using (var cmd = ds.CreateCommand(m.Sql)) await cmd.ExecuteNonQueryAsync();
        Assert.Equal(15L, await CountAsync(ds, QuartzTables));
        await using (var job = ds.CreateCommand("""
            INSERT INTO qrtz_job_details (sched_name, job_name, job_group, job_class_name, is_durable, is_nonconcurrent, is_update_data, requests_recovery)
            VALUES ('amazing-store', 'ozon.stock', 'marketplace-sync', 'AmazingStore.Web.Marketplaces.Sync.MarketplaceSyncJob', true, true, false, false)
            """)) await job.ExecuteNonQueryAsync();

        await using (var cmd = ds.CreateCommand(SchemaMigrator.All.Single(m => m.Version == 52).Sql)) await cmd.ExecuteNonQueryAsync();

        Assert.Equal(0L, await CountAsync(ds, QuartzTables));
        Assert.Equal(0L, await CountAsync(ds, "SELECT count(*) FROM dashboard_link_uses"));
    }

    [Fact]
    public async Task A_host_keeps_hangfire_in_its_own_schema_and_no_quartz_table_is_left()
    {
        await using var host = await StoreHost.StartAsync();
        Assert.Equal(0L, await host.ScalarAsync<long>(QuartzTables));
        Assert.True(await host.ScalarAsync<long>("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'hangfire'") > 5);
        Assert.Equal(0L, await host.ScalarAsync<long>(
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name IN ('job', 'jobqueue', 'hash', 'lock', 'server')"));
    }
}
