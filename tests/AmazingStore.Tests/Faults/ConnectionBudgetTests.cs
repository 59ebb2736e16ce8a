using System.Net;
using AmazingStore.Data.Hosting;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;
using AmazingStore.Web.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AmazingStore.Tests.Faults;

/// <summary>The store never takes the whole server: a burst on a small server leaves room for the owner's psql.</summary>
public sealed class ConnectionBudgetTests
{
    [Theory]
    [InlineData(100, 3, 20)] // PostgreSQL's default: (100 − 3 − 10) ÷ 2 = 43, capped at 20
    [InlineData(30, 3, 11)]  // (30 − 3 − 5) ÷ 2
    [InlineData(12, 3, 4)]   // never below 4
    public void The_pool_is_a_share_of_what_the_server_allows_less_a_reserve(int max, int superuser, int expected) =>
        Assert.Equal(expected, ConnectionBudget.Size(max, superuser, new StoreOptions()).Size);

    [Fact]
    public async Task A_200_buyer_burst_on_a_30_connection_server_sells_exactly_the_stock_with_no_500_and_psql_still_connects()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"amazing-budget-{Guid.NewGuid():N}"[..30]);
        await using var server = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = dir, Durable = false, MaxConnections = 30 },
            NullLogger.Instance);
        try
        {
            await server.EnsureDatabaseAsync("store");
            // No pool setting in the string: the store sizes its pool from the server.
            await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
            {
                ["RateLimits:Enabled"] = "false",
                ["RateLimits:PermitLimit"] = "100000",
                ["Marketplaces:SchedulerEnabled"] = "false",
            }, server.ConnectionString("store", maxPoolSize: null));
            Assert.Equal(11, new NpgsqlConnectionStringBuilder(host.Db.ConnectionString).MaxPoolSize);

            var product = await Shop.ProductAsync(host, "BURST-1", 10000, 50);
            var ids = Enumerable.Range(0, 200).Select(i => 7_000_000L + i).ToList();
            await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8 },
                async (id, _) => await Shop.FillCartAsync(new Shopper(host, id), (product, 1)));

            var burst = ids.Select(id => Shop.PlaceAsync(host, id)).ToList();
            // The owner's psql, during the burst: one connection outside the store's pool.
            await using (var psql = new NpgsqlConnection(server.ConnectionString("store", maxPoolSize: null) + ";Pooling=false;Timeout=5"))
            {
                await psql.OpenAsync();
                await using var count = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = 'store'", psql);
                Assert.True((long)(await count.ExecuteScalarAsync())! <= 11 + 1 + 2, "the store kept within its pool");
            }
            var results = await Task.WhenAll(burst);

            var statuses = results.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => g.Count());
            Assert.False(statuses.ContainsKey(HttpStatusCode.InternalServerError), string.Join(", ", statuses.Select(s => $"{(int)s.Key}: {s.Value}")));
            Assert.All(statuses.Keys, s => Assert.Contains(s, new[] { HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.ServiceUnavailable }));
            var sold = statuses.GetValueOrDefault(HttpStatusCode.Created);
            var figures = await Shop.FiguresAsync(host, product);
            Assert.Equal(sold, figures.Reserved);
            Assert.True(sold <= 50);
            // Stock that was not sold is still there to sell: with 200 buyers for 50 units, every unit went unless some got 503.
            if (!statuses.ContainsKey(HttpStatusCode.ServiceUnavailable)) Assert.Equal(50, sold);
            await Shop.AssertReconcilesAsync(host);

            // Right after: psql connects at once.
            await using var after = new NpgsqlConnection(server.ConnectionString("store", maxPoolSize: null) + ";Pooling=false;Timeout=5");
            await after.OpenAsync();
        }
        finally
        {
            await server.DisposeAsync();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}
