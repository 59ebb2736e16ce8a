using AmazingStore.Tests.Infrastructure;
using AmazingStore.Web.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AmazingStore.Tests.Foundation;

public sealed class RuntimeTuningTests
{
    private static string RuntimeConfig()
    {
        // The runtime config ships beside the store's assembly; tests load that same assembly.
        var config = Path.ChangeExtension(typeof(StoreApp).Assembly.Location, ".runtimeconfig.json");
        Assert.True(File.Exists(config), config);
        return File.ReadAllText(config);
    }

    [Fact]
    public void The_published_store_runs_workstation_gc() => Assert.Contains("\"System.GC.Server\": false", RuntimeConfig());

    [Fact]
    public void The_published_store_runs_without_dynamic_pgo() => Assert.Contains("\"System.Runtime.TieredPGO\": false", RuntimeConfig());

    [Theory]
    [InlineData("Host=h;Database=d", true, 128)]
    [InlineData("Host=h;Database=d;No Reset On Close=false;Max Auto Prepare=0", false, 0)]
    [InlineData("Host=h;Database=d;NoResetOnClose=false;MaxAutoPrepare=0", false, 0)]
    public void The_connection_string_prepares_and_skips_the_pool_reset_unless_it_says_otherwise(string given, bool noReset, int autoPrepare)
    {
        var cs = new NpgsqlConnectionStringBuilder(DatabaseSetup.Tuned(given));
        Assert.Equal(noReset, cs.NoResetOnClose);
        Assert.Equal(autoPrepare, cs.MaxAutoPrepare);
    }

    [Fact]
    public async Task Hosting_starts_no_activity_or_log_scope_per_request_yet_the_stores_own_logs_stay_on()
    {
        await using var host = await StoreHost.StartAsync();
        var logs = host.Services.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>();
        // Hosting creates both whenever its category is enabled at any level (HostingApplicationDiagnostics).
        Assert.False(logs.CreateLogger("Microsoft.AspNetCore.Hosting.Diagnostics").IsEnabled(Microsoft.Extensions.Logging.LogLevel.Critical));
        Assert.True(logs.CreateLogger("Microsoft.AspNetCore.Diagnostics.ExceptionHandlerMiddleware").IsEnabled(Microsoft.Extensions.Logging.LogLevel.Error));
        Assert.True(logs.CreateLogger("Serilog.AspNetCore.RequestLoggingMiddleware").IsEnabled(Microsoft.Extensions.Logging.LogLevel.Warning));
    }

    [Fact]
    public async Task A_batch_without_begin_is_one_transaction_so_a_local_setting_reaches_its_later_statements()
    {
        // The cart's writes rely on this: set_config(..., true) first, the write after, no BEGIN/COMMIT.
        // (statement_timeout stands in for synchronous_commit, which the test server already has off.)
        await using var db = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('statement_timeout', '12345', true)"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT current_setting('statement_timeout'), txid_current()"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT txid_current()"));
        await using var r = await batch.ExecuteReaderAsync();
        await r.NextResultAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal("12345ms", r.GetString(0));
        var tx = r.GetInt64(1);
        await r.NextResultAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(tx, r.GetInt64(0));
        await r.DisposeAsync();
        // And the setting ended with that transaction.
        await using var after = db.CreateCommand("SELECT current_setting('statement_timeout')");
        Assert.Equal("0", await after.ExecuteScalarAsync());
    }
}
