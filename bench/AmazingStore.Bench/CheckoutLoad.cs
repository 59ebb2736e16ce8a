using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace AmazingStore.Bench;

public sealed record CheckoutResult(double OrdersPerSecond, double P50Ms, double P99Ms, int Orders, int Rejected, int Errors,
    List<(long StartTimestamp, string OrderNumber)> Placed);

/// <summary>Concurrent customers, each filling a cart with three products and placing the order, for a fixed time.</summary>
public static class CheckoutLoad
{
    public static async Task<CheckoutResult> RunAsync(string baseUrl, string botToken, int users, TimeSpan duration, int productCount, long firstTelegramId)
    {
        var latencies = new List<double>();
        var placed = new List<(long, string)>();
        int rejected = 0, errors = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = users * 2 };
        var workers = Enumerable.Range(0, users).Select(async u =>
        {
            using var http = Client(baseUrl, botToken, firstTelegramId + u, handler);
            var random = new Random(u);
            while (Stopwatch.GetTimestamp() < until)
            {
                var (status, ms, number, t0) = await PlaceOneAsync(http, random, productCount);
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
        using var http = Client(baseUrl, botToken, telegramId, null);
        var random = new Random(1);
        var placed = new List<(long, string)>();
        for (var i = 0; i < orders; i++)
        {
            var (_, _, number, t0) = await PlaceOneAsync(http, random, productCount);
            if (number is not null) placed.Add((t0, number));
            await Task.Delay(interval);
        }
        return placed;
    }

    private static HttpClient Client(string baseUrl, string botToken, long telegramId, HttpMessageHandler? handler)
    {
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        http.BaseAddress = new Uri(baseUrl);
        http.Timeout = TimeSpan.FromSeconds(30);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("tma", InitDataForBench.Sign(telegramId, botToken));
        return http;
    }

    private static async Task<(int Status, double Ms, string? OrderNumber, long Start)> PlaceOneAsync(HttpClient http, Random random, int productCount)
    {
        try
        {
            foreach (var product in Enumerable.Range(0, 3).Select(_ => 1 + random.Next(productCount)).Distinct())
                (await http.PostAsJsonAsync("/api/cart", new { product_id = product, quantity = 1 })).Dispose();
            var t0 = Stopwatch.GetTimestamp();
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
            {
                Content = JsonContent.Create(new { customer_name = "Bench", customer_phone = "+998901234567", delivery_address = "Toshkent", payment_method = "cash" }),
            };
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            using var reply = await http.SendAsync(request);
            var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (reply.StatusCode != HttpStatusCode.Created) return ((int)reply.StatusCode, ms, null, t0);
            using var doc = JsonDocument.Parse(await reply.Content.ReadAsStringAsync());
            return (201, ms, doc.RootElement.GetProperty("order_number").GetString(), t0);
        }
        catch (HttpRequestException) { return (0, 0, null, 0); }
        catch (TaskCanceledException) { return (0, 0, null, 0); }
    }

    public static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}
