using System.Diagnostics;
using System.Text.Json;
using AmazingStore.Data.Hosting;
using AmazingStore.Tests.Infrastructure;
using Npgsql;

namespace AmazingStore.Tests.Foundation;

/// <summary>The store started as a new seller would: the embedded default anywhere, and a clear word when it cannot start.</summary>
public sealed class FirstRunTests
{
    [Fact]
    public async Task From_a_private_0700_folder_the_embedded_store_starts_ready_with_its_demo_catalog()
    {
        // A checkout in root's home is the usual VPS deployment: a folder nobody else may enter.
        var privateRoot = Path.Combine(Path.GetTempPath(), $"private-{Guid.NewGuid():N}"[..20]);
        Directory.CreateDirectory(privateRoot);
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(privateRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var dataDir = Path.Combine(privateRoot, "store", ".data", "postgres");
        string? moved = null;
        try
        {
            await using (var store = await StoreProcess.StartAsync("", new Dictionary<string, string?>
            {
                ["Store:DataDirectory"] = dataDir,
                ["Store:DemoMode"] = "true",
                ["Store:EmbeddedDurable"] = "false",
                ["Backup:Directory"] = Path.Combine(privateRoot, "backups"),
            }))
            {
                using var ready = await store.Client.GetAsync("/health/ready");
                Assert.True(ready.IsSuccessStatusCode, $"ready: {(int)ready.StatusCode}");
                using var products = JsonDocument.Parse(await store.Client.GetStringAsync("/api/products?limit=5&lang=uz"));
                Assert.Equal(5, products.RootElement.GetProperty("items").GetArrayLength());
                if (EmbeddedPostgres.IsRoot())
                {
                    // As root the server runs as postgres, which cannot enter the private folder: its files live elsewhere, and the log says where.
                    Assert.False(File.Exists(Path.Combine(dataDir, "PG_VERSION")));
                    var line = Assert.Single(store.Output, l => l.Contains("cannot enter", StringComparison.Ordinal));
                    moved = Directory.EnumerateDirectories(EmbeddedPostgres.RootFallbackDirectory)
                        .Select(d => Path.Combine(d, "postgres")).Single(d => line.Contains(d, StringComparison.Ordinal));
                    Assert.True(File.Exists(Path.Combine(moved, "PG_VERSION")));
                }
                else Assert.True(File.Exists(Path.Combine(dataDir, "PG_VERSION")));
            }
        }
        finally
        {
            Directory.Delete(privateRoot, recursive: true);
            if (moved is not null) Directory.Delete(Path.GetDirectoryName(moved)!, recursive: true);
        }
    }

    [Fact]
    public async Task A_store_that_cannot_start_ends_with_one_line_saying_what_to_do_and_no_stack_trace()
    {
        var server = await TestPostgres.ServerAsync();
        var missing = new NpgsqlConnectionStringBuilder(server.ConnectionString("postgres")) { Database = "no_such_store_db" }.ConnectionString;
        var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "AmazingStore.Web.dll")])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        psi.Environment["ConnectionStrings__Store"] = missing;
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        psi.Environment["Urls"] = $"http://127.0.0.1:{EmbeddedPostgres.FreePort()}";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await p.WaitForExitAsync(timeout.Token);

        Assert.Equal(1, p.ExitCode);
        var all = (await stdout) + (await stderr);
        var last = (await stderr).TrimEnd().Split('\n')[^1];
        Assert.StartsWith("Amazing Store could not start: ", last);
        Assert.Contains("no_such_store_db", last);
        Assert.Contains("create that database", last);
        Assert.DoesNotContain("   at ", all);
        Assert.DoesNotContain("Unhandled exception", all);
    }
}
