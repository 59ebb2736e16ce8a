using AmazingStore.Data.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AmazingStore.Tests.Foundation;

public sealed class EmbeddedPostgresTests
{
    [Fact]
    public async Task Keeps_its_data_across_restarts_and_leaves_no_process_behind()
    {
        var dir = Path.Combine(Path.GetTempPath(), "amazing-embedded-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = new EmbeddedPostgresOptions { DataDirectory = dir, Durable = false };
            await using (var first = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance))
            {
                await first.EnsureDatabaseAsync("keep");
                await using var conn = new NpgsqlConnection(first.ConnectionString("keep"));
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("CREATE TABLE t (v text); INSERT INTO t VALUES ('survives')", conn);
                await cmd.ExecuteNonQueryAsync();
            }
            Assert.Empty(PostgresProcesses.Using(dir));

            await using (var second = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance))
            {
                await using var conn = new NpgsqlConnection(second.ConnectionString("keep"));
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("SELECT v FROM t", conn);
                Assert.Equal("survives", await cmd.ExecuteScalarAsync());
                Assert.NotEmpty(PostgresProcesses.Using(dir));
            }
            Assert.Empty(PostgresProcesses.Using(dir));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Names_what_is_missing_when_no_binaries_are_found()
    {
        var e = Assert.Throws<InvalidOperationException>(() => PostgresBinaries.Locate("/nonexistent/pg", ["/nonexistent/bin"]));
        Assert.Contains("initdb", e.Message);
        Assert.Contains("ConnectionStrings:Store", e.Message);
    }
}

/// <summary>Finds postgres processes serving a data directory, by their command line.</summary>
public static class PostgresProcesses
{
    public static List<int> Using(string dataDir)
    {
        var found = new List<int>();
        foreach (var proc in Directory.GetDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(proc), out var pid)) continue;
            try
            {
                var cmdline = File.ReadAllText(Path.Combine(proc, "cmdline")).Replace('\0', ' ');
                var stat = File.ReadAllText(Path.Combine(proc, "stat"));
                if (cmdline.Contains("postgres") && cmdline.Contains(dataDir) && !stat.Split(')').Last().TrimStart().StartsWith('Z'))
                    found.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return found;
    }
}
