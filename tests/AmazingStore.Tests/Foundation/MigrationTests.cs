using AmazingStore.Data.Migrations;
using AmazingStore.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AmazingStore.Tests.Foundation;

public sealed class MigrationTests
{
    private static SchemaMigrator Migrator(NpgsqlDataSource ds) => new(ds, NullLogger<SchemaMigrator>.Instance);

    [Fact]
    public async Task Applies_every_migration_once_then_nothing()
    {
        await using var ds = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync(migrated: false));
        Assert.Equal(SchemaMigrator.All.Count, await Migrator(ds).MigrateAsync());
        Assert.Equal(0, await Migrator(ds).MigrateAsync());
        Assert.Equal(SchemaMigrator.LatestVersion, await Migrator(ds).AppliedVersionAsync());
        await using var cmd = ds.CreateCommand("SELECT count(*) FROM schema_migrations");
        Assert.Equal((long)SchemaMigrator.All.Count, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Two_instances_migrating_together_produce_one_schema()
    {
        var cs = await TestPostgres.CreateDatabaseAsync(migrated: false);
        await using var a = NpgsqlDataSource.Create(cs);
        await using var b = NpgsqlDataSource.Create(cs);
        var counts = await Task.WhenAll(Migrator(a).MigrateAsync(), Migrator(b).MigrateAsync());
        Assert.Equal(SchemaMigrator.All.Count, counts.Sum());
        await using var cmd = a.CreateCommand("SELECT count(*) FROM marketplaces");
        Assert.Equal(4L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_migration_changed_after_it_ran_is_refused()
    {
        await using var ds = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using (var tamper = ds.CreateCommand("UPDATE schema_migrations SET checksum = 'edited' WHERE version = 1"))
            await tamper.ExecuteNonQueryAsync();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Migrator(ds).MigrateAsync());
        Assert.Contains("changed after it was applied", e.Message);
    }

    [Fact]
    public async Task The_four_channels_are_seeded()
    {
        await using var ds = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using var cmd = ds.CreateCommand("SELECT string_agg(slug, ',' ORDER BY slug) FROM marketplaces");
        Assert.Equal("amazing-store,ozon,uzum,wildberries", await cmd.ExecuteScalarAsync());
    }
}
