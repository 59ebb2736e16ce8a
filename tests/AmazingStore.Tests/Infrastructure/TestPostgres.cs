using AmazingStore.Data.Hosting;
using AmazingStore.Data.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AmazingStore.Tests.Infrastructure;

/// <summary>
/// One throwaway PostgreSQL server per test run, started with the same code the host uses for its
/// embedded database. Every test gets its own database cloned from a migrated template, so no test
/// sees another's rows.
/// </summary>
public static class TestPostgres
{
    public const string TemplateName = "store_template";
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static EmbeddedPostgres? _server;
    private static string? _root;

    public static async Task<EmbeddedPostgres> ServerAsync()
    {
        if (_server is not null) return _server;
        await Gate.WaitAsync();
        try
        {
            if (_server is not null) return _server;
            RemoveLeftovers();
            _root = Path.Combine(Path.GetTempPath(), $"amazing-tests-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
            var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
            {
                DataDirectory = Path.Combine(_root, "pg"),
                Durable = false,
                MaxConnections = 1000,
            }, NullLogger.Instance);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop();
            await server.EnsureDatabaseAsync(TemplateName);
            await using (var ds = NpgsqlDataSource.Create(server.ConnectionString(TemplateName) + ";Pooling=false"))
                await new SchemaMigrator(ds, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
            _server = server;
            return server;
        }
        finally { Gate.Release(); }
    }

    /// <summary>A new database: migrated (a clone of the template) or empty.</summary>
    public static async Task<string> CreateDatabaseAsync(bool migrated = true)
    {
        var server = await ServerAsync();
        var name = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using var conn = new NpgsqlConnection(server.ConnectionString("postgres") + ";Pooling=false");
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name} TEMPLATE {(migrated ? TemplateName : "template0")}", conn);
        await cmd.ExecuteNonQueryAsync();
        return server.ConnectionString(name);
    }

    /// <summary>
    /// Servers of test runs that were killed (timeout, Ctrl+C) never reach <see cref="Stop"/>; their
    /// folders (a few GB each, one database per test) filled the disk. A folder whose process is gone goes.
    /// </summary>
    private static void RemoveLeftovers()
    {
        foreach (var dir in Directory.EnumerateDirectories(Path.GetTempPath(), "amazing-tests-*"))
        {
            var parts = Path.GetFileName(dir).Split('-');
            if (parts.Length < 3 || !int.TryParse(parts[2], out var pid) || IsAlive(pid)) continue;
            var pidFile = Path.Combine(dir, "pg", "postmaster.pid");
            // A server the dead run left behind still holds its folder: leave both to that server.
            if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pgPid) && IsAlive(pgPid)) continue;
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static bool IsAlive(int pid)
    {
        try { using var p = System.Diagnostics.Process.GetProcessById(pid); return !p.HasExited; }
        catch (ArgumentException) { return false; }
        catch (InvalidOperationException) { return false; }
    }

    private static void Stop()
    {
        var server = _server;
        _server = null;
        server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        try { if (_root is not null) Directory.Delete(_root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
