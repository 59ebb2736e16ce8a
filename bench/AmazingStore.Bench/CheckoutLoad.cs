using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;

namespace AmazingStore.Bench;

public sealed record CheckoutResult(double OrdersPerSecond, double P50Ms, double P99Ms, int Orders, int Rejected, int Errors,
    List<(long StartTimestamp, string OrderNumber)> Placed);

/// <summary>Concurrent customers, each filling a cart with three products and placing the order, for a fixed time.</summary>
public static class CheckoutLoad
{
    private const string OrderJson =
        """{"customer_name":"Bench","customer_phone":"+998901234567","delivery_address":"Toshkent","payment_method":"cash"}""";

    public static async Task<CheckoutResult> RunAsync(string baseUrl, string botToken, int users, TimeSpan duration, int productCount, long firstTelegramId)
    {
        var latencies = new List<double>();
        var placed = new List<(long, string)>();
        int rejected = 0, errors = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, users).Select(async u =>
        {
            var customer = new Customer(new Uri(baseUrl), InitDataForBench.Sign(firstTelegramId + u, botToken));
            await using var _ = customer;
            var random = new Random(u);
            while (Stopwatch.GetTimestamp() < until)
            {
                var (status, ms, number, t0) = await customer.PlaceOneAsync(random, productCount);
                if (number is not null) lock (latencies) { latencies.Add(ms); placed.Add((t0, number)); }
                else if (status is 409 or 400) Interlocked.Increment(ref rejected);
                else Interlocked.Increment(ref errors);
            }
        }).ToList();
        await Task.WhenAll(workers);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        latencies.Sort();
        return new CheckoutResult(latencies.Count / seconds, Percentile(latencies, 50), Percentile(latencies, 99), latencies.Count, rejected, errors, placed);
    }

    /// <summary>One order at a time, evenly spaced: the latency a lone customer's order sees.</summary>
    public static async Task<List<(long StartTimestamp, string OrderNumber)>> RunPacedAsync(string baseUrl, string botToken, int orders, TimeSpan interval, int productCount, long telegramId)
    {
        await using var customer = new Customer(new Uri(baseUrl), InitDataForBench.Sign(telegramId, botToken));
        var random = new Random(1);
        var placed = new List<(long, string)>();
        for (var i = 0; i < orders; i++)
        {
            var (_, _, number, t0) = await customer.PlaceOneAsync(random, productCount);
            if (number is not null) placed.Add((t0, number));
            await Task.Delay(interval);
        }
        return placed;
    }

    /// <summary>A customer on one keep-alive connection (reopened after a failure): three products to the cart, then the order.</summary>
    private sealed class Customer(Uri baseUrl, string initData) : IAsyncDisposable
    {
        private readonly string _auth = $"Authorization: tma {initData}\r\n";
        private BareHttpConnection? _connection;

        public async Task<(int Status, double Ms, string? OrderNumber, long Start)> PlaceOneAsync(Random random, int productCount)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var ct = timeout.Token;
            try
            {
                _connection ??= await BareHttpConnection.OpenAsync(baseUrl, ct);
                foreach (var product in Enumerable.Range(0, 3).Select(_ => 1 + random.Next(productCount)).Distinct())
                    await _connection.SendAsync("POST", "/api/cart", _auth, $$"""{"product_id":{{product}},"quantity":1}""", ct);
                var t0 = Stopwatch.GetTimestamp();
                var (status, body) = await _connection.SendAsync("POST", "/api/orders", _auth + $"Idempotency-Key: {Guid.NewGuid()}\r\n", OrderJson, ct);
                var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
                if (status != 201) return (status, ms, null, t0);
                using var doc = JsonDocument.Parse(body);
                return (201, ms, doc.RootElement.GetProperty("order_number").GetString(), t0);
            }
            catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
            {
                await DisposeAsync();
                return (0, 0, null, 0);
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (_connection is not null) await _connection.DisposeAsync();
            _connection = null;
        }
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
