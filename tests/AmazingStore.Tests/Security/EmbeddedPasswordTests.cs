using System.Diagnostics;
using AmazingStore.Data.Hosting;
using AmazingStore.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AmazingStore.Tests.Security;

/// <summary>
/// Issue 17 leftover: the embedded server let any local process in as its superuser (trust). It asks for a
/// password now, kept in a file only the store's OS user can read.
/// </summary>
public sealed class EmbeddedPasswordTests
{
    [Fact]
    public async Task A_new_server_refuses_no_password_and_a_wrong_one_and_the_secret_is_readable_by_the_store_user_only()
    {
        var dir = Path.Combine(Path.GetTempPath(), "amazing-pgauth-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = new EmbeddedPostgresOptions { DataDirectory = dir, Durable = false };
            await using var server = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance);
            var right = server.ConnectionString("postgres") + ";Pooling=false";

            await AssertRefusedWithoutPasswordAsync(server.Port);
            var wrong = new NpgsqlConnectionStringBuilder(right) { Password = EmbeddedSecret.New() }.ConnectionString;
            var e = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(wrong));
            Assert.Equal(PostgresErrorCodes.InvalidPassword, e.SqlState);
            await OpenAsync(right);

            // Every rule asks for the password; the server keeps no plain password, only the verifier.
            var hba = await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "pg_hba.conf"));
            Assert.DoesNotContain(" trust", string.Join('\n', hba.Split('\n').Where(l => !l.TrimStart().StartsWith('#'))));
            Assert.Contains("scram-sha-256", hba);
            await using (var conn = new NpgsqlConnection(right))
            {
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'", conn);
                Assert.StartsWith("SCRAM-SHA-256$", (string)(await cmd.ExecuteScalarAsync())!);
            }

            // The file: the store's user (root when the store runs as root; the server then runs as postgres) and nobody else.
            Assert.Equal(server.Password, File.ReadAllText(server.PasswordFile).Trim());
            Assert.True(server.Password.Length >= 40);
            Assert.Equal($"600 {Environment.UserName}", await StatAsync(server.PasswordFile));
            // Nowhere in the server's log, nor on any process's command line (what ps shows).
            Assert.DoesNotContain(server.Password, await File.ReadAllTextAsync(Path.Combine(server.DataDirectory, "server.log")));
            Assert.DoesNotContain(Directory.GetDirectories("/proc").Select(CommandLine), c => c.Contains(server.Password, StringComparison.Ordinal));

            // A server already running (its host killed) is adopted and still opens with the same password.
            await using var adopted = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance);
            Assert.Equal(server.Port, adopted.Port);
            await OpenAsync(adopted.ConnectionString("postgres") + ";Pooling=false");
        }
        finally { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } }
    }

    [Fact]
    public async Task A_cluster_made_with_trust_by_an_earlier_version_is_closed_on_the_next_start_and_the_store_runs_on_it_with_its_data()
    {
        var root = Path.Combine(Path.GetTempPath(), "amazing-pgauth-" + Guid.NewGuid().ToString("N")[..8]);
        var dataDir = Path.Combine(root, "postgres");
        try
        {
            // What every install so far has: initdb -A trust, as the old code ran it, with the store's data in it.
            Directory.CreateDirectory(dataDir);
            if (EmbeddedPostgres.IsRoot()) await RunAsync("chown", ["-R", "postgres:postgres", dataDir], asPostgres: false);
            var bin = PostgresBinaries.Locate(null);
            await RunAsync(Path.Combine(bin, "initdb"), ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"]);
            await RunAsync(Path.Combine(bin, "postgres"), ["--single", "-D", dataDir, "postgres"], stdin: "CREATE DATABASE amazing_store;\n");
            await RunAsync(Path.Combine(bin, "postgres"), ["--single", "-D", dataDir, "amazing_store"],
                stdin: "CREATE TABLE keep_mark (v text);\nINSERT INTO keep_mark VALUES ('from before');\n");
            Assert.Contains(" trust", await File.ReadAllTextAsync(Path.Combine(dataDir, "pg_hba.conf")));
            Assert.False(File.Exists(Path.Combine(dataDir, EmbeddedSecret.FileName)));

            // The whole store, as ./run.sh starts it: embedded default, its own role.
            await using (var store = await StoreProcess.StartAsync("", new Dictionary<string, string?>
            {
                ["Store:DataDirectory"] = dataDir,
                ["Store:EmbeddedDurable"] = "false",
                ["Backup:Directory"] = Path.Combine(root, "backups"),
            }))
            {
                using var ready = await store.Client.GetAsync("/health/ready");
                Assert.True(ready.IsSuccessStatusCode, $"ready: {(int)ready.StatusCode}");
                var secretFile = Path.Combine(dataDir, EmbeddedSecret.FileName);
                var password = File.ReadAllText(secretFile).Trim();
                Assert.Equal($"600 {Environment.UserName}", await StatAsync(secretFile));
                // Told once, in the log, without the password.
                Assert.Single(store.Output, l => l.Contains("now asks for the password", StringComparison.Ordinal));
                Assert.DoesNotContain(store.Output, l => l.Contains(password, StringComparison.Ordinal));

                var port = int.Parse(File.ReadAllLines(Path.Combine(dataDir, "postmaster.pid"))[3]);
                await AssertRefusedWithoutPasswordAsync(port);
                Assert.DoesNotContain(" trust", string.Join('\n', File.ReadAllLines(Path.Combine(dataDir, "pg_hba.conf")).Where(l => !l.TrimStart().StartsWith('#'))));
                // The data is still there, now the store role's, and the role logs in with the same secret.
                var asRole = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1", Port = port, Database = "amazing_store", Username = "amazing_store", Password = password, Pooling = false,
                }.ConnectionString;
                await using var conn = new NpgsqlConnection(asRole);
                await conn.OpenAsync();
                await using var cmd = new NpgsqlCommand("SELECT v FROM keep_mark", conn);
                Assert.Equal("from before", await cmd.ExecuteScalarAsync());
                var wrong = new NpgsqlConnectionStringBuilder(asRole) { Password = "not-it" }.ConnectionString;
                Assert.Equal(PostgresErrorCodes.InvalidPassword, (await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(wrong))).SqlState);
            }

            // The next start finds nothing to convert and says nothing about it.
            await using (var again = await StoreProcess.StartAsync("", new Dictionary<string, string?>
            {
                ["Store:DataDirectory"] = dataDir,
                ["Store:EmbeddedDurable"] = "false",
                ["Backup:Directory"] = Path.Combine(root, "backups"),
            }))
            {
                using var ready = await again.Client.GetAsync("/health/ready");
                Assert.True(ready.IsSuccessStatusCode, $"ready: {(int)ready.StatusCode}");
                Assert.DoesNotContain(again.Output, l => l.Contains("now asks for the password", StringComparison.Ordinal));
            }
        }
        finally { try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { } }
    }

    [Fact]
    public async Task Without_its_password_file_the_server_does_not_start_and_the_readme_reset_sets_a_new_password()
    {
        var dir = Path.Combine(Path.GetTempPath(), "amazing-pgauth-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var options = new EmbeddedPostgresOptions { DataDirectory = dir, Durable = false };
            string old;
            await using (var first = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance))
            {
                old = first.Password;
                await first.EnsureDatabaseAsync("keep");
            }
            var secretFile = Path.Combine(dir, EmbeddedSecret.FileName);
            File.Delete(secretFile);
            var e = await Assert.ThrowsAsync<InvalidOperationException>(() => EmbeddedPostgres.StartAsync(options, NullLogger.Instance));
            Assert.Contains("password file", e.Message);
            Assert.False(File.Exists(secretFile)); // no new password made for a server that would not take it

            // The README's reset: pg_hba.conf back to trust, the file removed, start.
            await RunAsync("sed", ["-i", "s/scram-sha-256$/trust/", Path.Combine(dir, "pg_hba.conf")], asPostgres: false);
            await using var second = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance);
            Assert.NotEqual(old, second.Password);
            await AssertRefusedWithoutPasswordAsync(second.Port);
            var withOld = new NpgsqlConnectionStringBuilder(second.ConnectionString("keep") + ";Pooling=false") { Password = old }.ConnectionString;
            Assert.Equal(PostgresErrorCodes.InvalidPassword, (await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(withOld))).SqlState);
            await OpenAsync(second.ConnectionString("keep") + ";Pooling=false");
        }
        finally { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } }
    }

    /// <summary>No password at all: the server asks for one (SCRAM), which a client without it cannot give.</summary>
    private static async Task AssertRefusedWithoutPasswordAsync(int port)
    {
        var none = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres", Pooling = false, Passfile = "/dev/null" };
        var e = await Assert.ThrowsAnyAsync<NpgsqlException>(() => OpenAsync(none.ConnectionString));
        Assert.Contains("password", e.Message, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task OpenAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
    }

    private static string CommandLine(string procDir)
    {
        try { return File.ReadAllText(Path.Combine(procDir, "cmdline")).Replace('\0', ' '); }
        catch (IOException) { return ""; }
        catch (UnauthorizedAccessException) { return ""; }
    }

    private static async Task<string> StatAsync(string file) => (await RunAsync("stat", ["-c", "%a %U", file], asPostgres: false)).Trim();

    /// <summary>As the old code ran the server's tools: as postgres when we are root (initdb refuses root).</summary>
    private static async Task<string> RunAsync(string file, string[] args, string? stdin = null, bool asPostgres = true)
    {
        var psi = asPostgres && EmbeddedPostgres.IsRoot()
            ? new ProcessStartInfo("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", file, .. args])
            : new ProcessStartInfo(file, args);
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        psi.RedirectStandardInput = stdin is not null;
        psi.UseShellExecute = false;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await p.StandardInput.WriteAsync(stdin);
            p.StandardInput.Close();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await p.WaitForExitAsync(timeout.Token);
        Assert.True(p.ExitCode == 0, $"{file} failed ({p.ExitCode}): {await stderr}{await stdout}");
        return await stdout;
    }
}
