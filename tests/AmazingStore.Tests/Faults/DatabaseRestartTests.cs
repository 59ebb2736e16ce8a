using System.Collections.Concurrent;
using System.Diagnostics;
using AmazingStore.Data.Hosting;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using static AmazingStore.Tests.Faults.FaultKit;

namespace AmazingStore.Tests.Faults;

/// <summary>A dedicated PostgreSQL (never the shared test server) stopped and started under a running host.</summary>
public sealed class DatabaseRestartTests
{
    [Fact]
    public async Task Restarting_the_database_under_load_gives_503_or_success_and_everything_recovers_without_a_host_restart()
    {
        var root = Path.Combine(Path.GetTempPath(), "amazing-dbrestart-" + Guid.NewGuid().ToString("N")[..12]);
        var options = new EmbeddedPostgresOptions { DataDirectory = Path.Combine(root, "pg"), Durable = false, Port = EmbeddedPostgres.FreePort() };
        var server = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance);
        try
        {
            await server.EnsureDatabaseAsync("store");
            await using var fake = await FakeBotApi.StartAsync();
            await using var host = await StoreHost.StartAsync(BotTestKit.Settings(fake,
                ("RateLimits:Enabled", "false"), ("RateLimits:PermitLimit", "100000")), server.ConnectionString("store"));
            var cs = server.ConnectionString("store");
            var product = await ProductAsync(cs, "DBR-1", 10_000);
            using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

            var statuses = new ConcurrentBag<(string What, int Status, bool RetryAfter, TimeSpan Took)>();
            using var stop = new CancellationTokenSource();
            var load = Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
            {
                var user = 80_000L + worker;
                for (var i = 0; !stop.IsCancellationRequested && i < 10_000; i++)
                {
                    var req = (i % 3) switch
                    {
                        0 => new HttpRequestMessage(HttpMethod.Get, "/api/products"),
                        1 => As(user, HttpMethod.Post, "/api/cart", new { product_id = product, quantity = 1 }),
                        _ => As(user, HttpMethod.Post, "/api/orders", Checkout),
                    };
                    var what = $"{req.Method} {req.RequestUri}";
                    var clock = Stopwatch.StartNew();
                    try
                    {
                        using (req)
                        using (var reply = await client.SendAsync(req))
                            statuses.Add((what, (int)reply.StatusCode, reply.Headers.RetryAfter is not null, clock.Elapsed));
                    }
                    catch (TaskCanceledException) { statuses.Add((what, -1, false, clock.Elapsed)); }
                    await Task.Delay(20);
                }
            })).ToList();

            await Task.Delay(1000);
            await server.DisposeAsync();
            await WaitUntilAsync(async () => (int)(await client.GetAsync("/health/ready")).StatusCode == 503, TimeSpan.FromSeconds(10), "ready to turn 503");
            await Task.Delay(1500);
            server = await EmbeddedPostgres.StartAsync(options, NullLogger.Instance);
            await WaitUntilAsync(async () => (int)(await client.GetAsync("/health/ready")).StatusCode == 200, TimeSpan.FromSeconds(20), "ready to turn 200");
            await Task.Delay(1500);
            stop.Cancel();
            await Task.WhenAll(load).WaitAsync(TimeSpan.FromSeconds(30));

            var all = statuses.ToList();
            Assert.DoesNotContain(all, s => s.Status == -1);
            Assert.All(all, s => Assert.True(s.Status is 200 or 201 or 400 or 409 or 503, $"{s.What} → {s.Status}"));
            Assert.All(all.Where(s => s.Status == 503), s => Assert.True(s.RetryAfter, $"{s.What}: 503 without Retry-After"));
            Assert.All(all, s => Assert.True(s.Took < TimeSpan.FromSeconds(5), $"{s.What} took {s.Took}"));
            Assert.Contains(all, s => s.Status == 503);
            Assert.Contains(all, s => s.Status == 201);

            // Background loops are back: an order placed now reaches the owner, an update is handled.
            fake.Always("sendMessage", null);
            var before = fake.Sent(BotTestKit.OwnerChatId).Count;
            await SendAsync(client, As(81_000, HttpMethod.Post, "/api/cart", new { product_id = product, quantity = 1 }));
            var (status, _) = await SendAsync(client, As(81_000, HttpMethod.Post, "/api/orders", Checkout));
            Assert.Equal(201, status);
            await fake.WaitForAsync(_ => fake.Sent(BotTestKit.OwnerChatId).Count > before, TimeSpan.FromSeconds(10), "the owner notification after the restart");
            using (var update = await BotTestKit.PostAsync(host, BotTestKit.Message(BotTestKit.CustomerId, "/start")))
                Assert.Equal(200, (int)update.StatusCode);
            await WaitUntilAsync(async () => await ScalarAsync<long>(cs, "SELECT count(*) FROM processed_updates WHERE status = 'done'") >= 1,
                TimeSpan.FromSeconds(10), "the update worker to handle an update");
            await AssertStockConsistentAsync(cs);
        }
        finally
        {
            await server.DisposeAsync();
            try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
