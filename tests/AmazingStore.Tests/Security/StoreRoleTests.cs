using System.Diagnostics;
using System.Net;
using AmazingStore.Data.Hosting;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.StoreApi;
using Npgsql;

namespace AmazingStore.Tests.Security;

/// <summary>Issue 17 item 1: on the embedded server the store works as its own role, not the superuser.</summary>
public sealed class StoreRoleTests
{
    [Fact]
    public async Task A_database_made_by_the_superuser_is_handed_to_a_role_that_can_run_the_store_but_is_no_superuser()
    {
        var cs = await TestPostgres.CreateDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(cs).Database!;
        var role = "store_" + Guid.NewGuid().ToString("N")[..10];
        await StoreRole.EnsureAsync(cs, database, role);
        await StoreRole.EnsureAsync(cs, database, role); // again: nothing left to do, no error

        var asRole = new NpgsqlConnectionStringBuilder(cs) { Username = role, Pooling = false }.ConnectionString;
        await using var conn = new NpgsqlConnection(asRole);
        await conn.OpenAsync();
        async Task<object?> Scalar(string sql) { await using var c = new NpgsqlCommand(sql, conn); return await c.ExecuteScalarAsync(); }

        Assert.Equal(false, await Scalar("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
        Assert.Equal(false, await Scalar("SELECT rolcreatedb OR rolcreaterole FROM pg_roles WHERE rolname = current_user"));
        Assert.Equal(role, await Scalar("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"));
        // Everything of the store's is the role's now (extension members excepted).
        Assert.Equal(0L, await Scalar("""
            SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'S') AND pg_get_userbyid(c.relowner) <> current_user
            """));
        // It can change its schema, write through the store's functions and triggers, and make schemas (Hangfire's).
        await Scalar("ALTER TABLE products ADD COLUMN role_probe int; ALTER TABLE products DROP COLUMN role_probe");
        await Scalar("INSERT INTO products (sku, name_uz, price) VALUES ('ROLE-1', 'Rol', 1000)");
        await Scalar("UPDATE products SET price = 1200 WHERE sku = 'ROLE-1'");
        await Scalar("CREATE SCHEMA role_probe; DROP SCHEMA role_probe");
        // What only a superuser may do is refused.
        foreach (var sql in new[] { "COPY (SELECT 1) TO PROGRAM 'true'", "ALTER SYSTEM SET work_mem = '64MB'", "SELECT pg_read_file('PG_VERSION')", "CREATE DATABASE role_probe_db" })
        {
            var e = await Assert.ThrowsAsync<PostgresException>(() => Scalar(sql));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, e.SqlState);
        }
    }

    [Fact]
    public async Task The_embedded_default_runs_the_store_as_its_own_role_and_still_backs_up()
    {
        var dir = Path.Combine(Path.GetTempPath(), "amazing-role-" + Guid.NewGuid().ToString("N")[..8]);
        const long admin = 917_201;
        try
        {
            var settings = new Dictionary<string, string?>
            {
                ["Store:DataDirectory"] = Path.Combine(dir, "postgres"),
                ["Backup:Directory"] = Path.Combine(dir, "backups"),
                ["Backup:Enabled"] = "true",
                ["Telegram:AdminIds:0"] = admin.ToString(),
            };
            string dump;
            await using (var host = await StoreHost.StartAsync(settings, connectionString: ""))
            {
                Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/ready")).StatusCode);
                Assert.Equal("amazing_store", await host.ScalarAsync<string>("SELECT current_user"));
                Assert.False(await host.ScalarAsync<bool>("SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
                Assert.Equal("amazing_store", await host.ScalarAsync<string>("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"));
                // Hangfire's schema is there, the role's.
                Assert.Equal("amazing_store", await host.ScalarAsync<string>("SELECT pg_get_userbyid(nspowner) FROM pg_namespace WHERE nspname = 'hangfire'"));
                // pg_dump works as the role.
                await host.ScalarAsync<int>("INSERT INTO products (sku, name_uz, price) VALUES ('ROLE-MARK', 'Belgi', 1000) RETURNING id");
                using var backup = await host.Client.SendAsync(InitData.Request(HttpMethod.Post, "/api/admin/backups", InitData.For(admin)));
                Assert.True(backup.StatusCode == HttpStatusCode.Created, await backup.Content.ReadAsStringAsync());
                using var taken = System.Text.Json.JsonDocument.Parse(await backup.Content.ReadAsStringAsync());
                dump = Path.Combine(dir, "backups", taken.RootElement.GetProperty("name").GetString()!);
                Assert.True(File.Exists(dump));
                await host.ScalarAsync<int>("DELETE FROM products WHERE sku = 'ROLE-MARK' RETURNING 1");
            }

            // --restore (the store stopped): the superuser makes the database again, for the role, which restores into it.
            var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "AmazingStore.Web.dll"), "--restore", dump])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
            psi.Environment["ConnectionStrings__Store"] = "";
            psi.Environment["Store__DataDirectory"] = settings["Store:DataDirectory"];
            psi.Environment["Store__EmbeddedDurable"] = "false";
            psi.Environment["DataProtection__KeyFile"] = StoreHost.KeyRingFile;
            psi.Environment["Telegram__PollingEnabled"] = "false";
            using (var p = Process.Start(psi)!)
            {
                var output = p.StandardOutput.ReadToEndAsync();
                var errors = p.StandardError.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));
                await p.WaitForExitAsync(timeout.Token);
                Assert.True(p.ExitCode == 0, await output + await errors);
            }
            // No job server on the restored copy: the dump holds the live server's Hangfire rows, which are not what this is about.
            await using (var restored = await StoreHost.StartAsync(new Dictionary<string, string?>(settings) { ["Marketplaces:SchedulerEnabled"] = "false" }, connectionString: ""))
            {
                Assert.Equal(1L, await restored.ScalarAsync<long>("SELECT count(*) FROM products WHERE sku = 'ROLE-MARK'"));
                Assert.Equal("amazing_store", await restored.ScalarAsync<string>("SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"));
                Assert.Equal(0L, await restored.ScalarAsync<long>("""
                    SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                     WHERE n.nspname IN ('public', 'hangfire') AND c.relkind IN ('r', 'S') AND pg_get_userbyid(c.relowner) <> current_user
                    """));
            }
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
