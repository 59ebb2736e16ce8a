using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;
using Npgsql;

namespace AmazingStore.Tests.Faults;

/// <summary>Backups that restore: taken while orders are placed, restored into a fresh database, every acknowledged order there.</summary>
public sealed class BackupTests
{
    [Fact]
    public async Task A_backup_taken_during_checkouts_restores_every_order_acknowledged_before_it_began()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"amazing-backups-{Guid.NewGuid():N}"[..32]);
        try
        {
            await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
            {
                ["Telegram:AdminIds:0"] = Shop.AdminTelegramId.ToString(),
                ["RateLimits:Enabled"] = "false", ["RateLimits:PermitLimit"] = "100000",
                ["Backup:Enabled"] = "true",
                ["Backup:Interval"] = "30.00:00:00", // only the backup the test asks for
                ["Backup:Directory"] = folder,
            });
            var product = await Shop.ProductAsync(host, "BAK-1", 5000, 1000);
            var acknowledged = new System.Collections.Concurrent.ConcurrentQueue<(string Number, DateTime At)>();
            using var stop = new CancellationTokenSource();
            // Buyers keep checking out while the backup runs.
            var buyers = Enumerable.Range(0, 4).Select(b => Task.Run(async () =>
            {
                for (var i = 0; i < 400 && !stop.IsCancellationRequested; i++)
                {
                    var id = 8_100_000L + b * 1000 + i;
                    await Shop.FillCartAsync(new Shopper(host, id), (product, 1));
                    var (status, body) = await Shop.PlaceAsync(host, id);
                    if (status == HttpStatusCode.Created) acknowledged.Enqueue((body.GetProperty("order_number").GetString()!, DateTime.UtcNow));
                }
            })).ToList();
            await FaultKit.WaitUntilAsync(() => Task.FromResult(acknowledged.Count >= 10), TimeSpan.FromSeconds(60), "the first orders");

            var began = DateTime.UtcNow;
            var (taken, reply) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Post, "/api/admin/backups");
            Assert.Equal(HttpStatusCode.Created, taken);
            await FaultKit.WaitUntilAsync(() => Task.FromResult(acknowledged.Count(a => a.At > began) >= 3), TimeSpan.FromSeconds(60), "orders during and after the backup");
            stop.Cancel();
            await Task.WhenAll(buyers);
            var before = acknowledged.Where(a => a.At < began).Select(a => a.Number).ToHashSet();
            Assert.True(before.Count >= 10);

            // Restored into a fresh database by the documented command.
            var server = await TestPostgres.ServerAsync();
            var fresh = new NpgsqlConnectionStringBuilder(server.ConnectionString("postgres")) { Database = $"restored_{Guid.NewGuid():N}"[..20] }.ConnectionString;
            var file = Path.Combine(folder, reply.GetProperty("name").GetString()!);
            var psi = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "AmazingStore.Web.dll"), "--restore", file])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            psi.Environment["ConnectionStrings__Store"] = fresh;
            psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
            using (var p = Process.Start(psi)!)
            {
                var output = p.StandardOutput.ReadToEndAsync();
                var errors = p.StandardError.ReadToEndAsync();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
                await p.WaitForExitAsync(timeout.Token);
                Assert.True(p.ExitCode == 0, await output + await errors);
            }
            await using var restored = new NpgsqlConnection(fresh);
            await restored.OpenAsync();
            var numbers = new HashSet<string>();
            await using (var cmd = new NpgsqlCommand("SELECT order_number FROM orders", restored))
            await using (var r = await cmd.ExecuteReaderAsync())
                while (await r.ReadAsync()) numbers.Add(r.GetString(0));
            Assert.Empty(before.Except(numbers));
            // And the restored stock agrees with its orders.
            await using var check = new NpgsqlCommand(
                "SELECT reserved_quantity = (SELECT coalesce(sum(i.quantity), 0) FROM order_items i JOIN orders o ON o.id = i.order_id WHERE o.status IN ('pending','confirmed') AND i.product_id = $1) FROM inventory WHERE product_id = $1", restored);
            check.Parameters.AddWithValue(product);
            Assert.True((bool)(await check.ExecuteScalarAsync())!);
        }
        finally { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } }
    }

    [Fact]
    public async Task A_stale_backup_is_warned_about_in_the_log_and_on_the_admin_api()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"amazing-backups-{Guid.NewGuid():N}"[..32]);
        Directory.CreateDirectory(folder);
        // The only backup is two days old, and the next one is not due (a long interval): stale.
        File.WriteAllText(Path.Combine(folder, $"amazing-store-{DateTime.UtcNow.AddDays(-2):yyyyMMdd'T'HHmmss'Z'}.dump"), "old");
        var (key, capture) = LogCapture.Settings();
        capture["Telegram:AdminIds:0"] = Shop.AdminTelegramId.ToString();
        capture["Backup:Enabled"] = "true";
        capture["Backup:Directory"] = folder;
        capture["Backup:Interval"] = "30.00:00:00";
        capture["Backup:CheckInterval"] = "00:00:00.500";
        try
        {
            await using var host = await StoreHost.StartAsync(capture);
            var (status, body) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Get, "/api/admin/backups");
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.True(body.GetProperty("stale").GetBoolean());
            Assert.True(body.GetProperty("enabled").GetBoolean());
            Assert.Equal(1, body.GetProperty("files").GetArrayLength());
            await FaultKit.WaitUntilAsync(() => Task.FromResult(LogCapture.Of(key).Any(l => l.Contains("The last good backup is", StringComparison.Ordinal))), TimeSpan.FromSeconds(30), "the stale-backup warning");

            // A fresh backup clears the warning.
            Assert.Equal(HttpStatusCode.Created, (await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Post, "/api/admin/backups")).Status);
            (_, body) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Get, "/api/admin/backups");
            Assert.False(body.GetProperty("stale").GetBoolean());
            Assert.Equal(2, body.GetProperty("files").GetArrayLength());
            // Customers do not see it.
            Assert.Equal(HttpStatusCode.Forbidden, (await Shop.AsAsync(host, 8_200_001, HttpMethod.Get, "/api/admin/backups")).Status);
        }
        finally { Directory.Delete(folder, recursive: true); }
    }
}
