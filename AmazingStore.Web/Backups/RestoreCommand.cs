using AmazingStore.Web.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Web.Backups;

/// <summary>
/// <c>./run.sh --restore FILE</c>: replaces the store's database with a dump (the store itself not running).
/// The database is dropped and created again before pg_restore, so nothing written after the dump survives
/// beside it; the next start migrates the restored schema forward if the dump came from an older version.
/// </summary>
public static class RestoreCommand
{
    public const string Flag = "--restore";

    public static async Task<int> RunAsync(string[] args)
    {
        var at = Array.IndexOf(args, Flag);
        if (at < 0 || at + 1 >= args.Length) { Console.Error.WriteLine($"usage: {Flag} <backup file>"); return 2; }
        var file = Path.GetFullPath(args[at + 1]);
        if (!File.Exists(file)) { Console.Error.WriteLine($"Amazing Store could not restore: {file} does not exist."); return 2; }
        // The host is built (which starts the embedded server when that is the database) but never started.
        await using var app = await StoreApp.CreateAsync([.. args[..at], .. args[(at + 2)..]]);
        var cs = new NpgsqlConnectionStringBuilder(app.Services.GetRequiredService<NpgsqlDataSource>().ConnectionString);
        var database = cs.Database ?? throw new InvalidOperationException("the connection string names no database");
        // The embedded server's store role may not create databases: its superuser does, and gives the new one to the role.
        var embedded = app.Services.GetService<AmazingStore.Data.Hosting.EmbeddedPostgres>();
        var maintenance = new NpgsqlConnectionStringBuilder(embedded?.ConnectionString("postgres") ?? cs.ConnectionString) { Database = "postgres", Pooling = false };
        var owner = embedded is not null && cs.Username is { Length: > 0 } role && role != maintenance.Username ? " OWNER \"" + role.Replace("\"", "\"\"") + "\"" : "";
        await using (var conn = new NpgsqlConnection(maintenance.ConnectionString))
        {
            await conn.OpenAsync();
            var quoted = "\"" + database.Replace("\"", "\"\"") + "\"";
            await using (var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {quoted} WITH (FORCE)", conn)) await drop.ExecuteNonQueryAsync();
            await using (var create = new NpgsqlCommand($"CREATE DATABASE {quoted}{owner}", conn)) await create.ExecuteNonQueryAsync();
        }
        NpgsqlConnection.ClearAllPools();
        var store = app.Services.GetRequiredService<IOptions<StoreOptions>>().Value;
        await PgTools.RunAsync("pg_restore", cs.ConnectionString, store.PostgresBinDirectory,
            ["--no-owner", "--exit-on-error", "--dbname", database, file], CancellationToken.None);
        Console.WriteLine($"Restored {file} into database {database}.");
        return 0;
    }
}
