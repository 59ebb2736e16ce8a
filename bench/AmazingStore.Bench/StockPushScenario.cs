using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AmazingStore.Tests.Marketplaces;
using Npgsql;
using NpgsqlTypes;

namespace AmazingStore.Bench;

/// <summary>
/// A full stock push of every product to the three marketplace fakes, each enforcing its published
/// request rate; measured against the floor those limits allow.
/// </summary>
public static class StockPushScenario
{
    private const string UzumToken = "bench-uzum", WbToken = "bench-wb", OzonClient = "bench-ozon-client", OzonKey = "bench-ozon-key";

    /// <summary>Maps every product on the three marketplaces (COPY), keyed as each one updates stock.</summary>
    public static async Task MapAllAsync(NpgsqlDataSource db)
    {
        await using var conn = await db.OpenConnectionAsync();
        var ids = new Dictionary<string, int>();
        await using (var cmd = new NpgsqlCommand("SELECT slug, id FROM marketplaces", conn))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) ids[r.GetString(0)] = r.GetInt32(1);
        await using var w = await conn.BeginBinaryImportAsync(
            "COPY marketplace_products (product_id, marketplace_id, marketplace_product_id, marketplace_sku, barcode) FROM STDIN (FORMAT BINARY)");
        for (var p = 1; p <= ScaleData.Products; p++)
        {
            foreach (var (slug, productId, sku, barcode) in new[]
            {
                ("uzum", $"{50_000 + p}", $"{90_000 + p}", (string?)$"478{p:D10}"),
                ("wildberries", $"{100_000 + p}", $"{700_000 + p}", null),
                ("ozon", $"{300_000 + p}", $"BN-{p:D6}", null),
            })
            {
                await w.StartRowAsync();
                await w.WriteAsync(p);
                await w.WriteAsync(ids[slug]);
                await w.WriteAsync(productId);
                await w.WriteAsync(sku);
                if (barcode is null) await w.WriteNullAsync(); else await w.WriteAsync(barcode, NpgsqlDbType.Varchar);
            }
        }
        await w.CompleteAsync();
    }

    public static async Task<List<Scenario>> RunAsync(NpgsqlDataSource db, string storeUrl, string adminInitData, TimeSpan window)
    {
        // The checkout before this queued stock pushes. Once the channels are configured, one still queued
        // pushes everything too, sharing the rate limits with the run measured here (seen: an outbox push
        // to Uzum beside the measured ones, and Wildberries at 1.3 s instead of 0.5). Let them drain first.
        var quiet = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(quiet) < TimeSpan.FromSeconds(60))
        {
            await using var pending = db.CreateCommand(
                "SELECT count(*) FROM outbox_messages WHERE type = 'marketplace.stock_push' AND status IN ('pending', 'processing')");
            if ((long)(await pending.ExecuteScalarAsync())! == 0) break;
            await Task.Delay(100);
        }
        if (Stopwatch.GetElapsedTime(quiet) >= TimeSpan.FromSeconds(60))
            Console.WriteLine("  warning: queued stock pushes did not drain within 60 s; the push figures may include them");

        // Limits as published (Uzum publishes none: the connector's own default is used on both sides).
        var fakes = new (string Slug, FakeServer Fake, int PerWindow, int BatchSize, Func<int> Received)[3];
        var uzum = new FakeUzum(UzumToken) { RateLimit = 120, RateWindow = window };
        var wb = new FakeWildberries(WbToken) { RateLimit = 300, RateWindow = window };
        var ozon = new FakeOzon(OzonClient, OzonKey) { RateLimit = 80, RateWindow = window };
        await Task.WhenAll(uzum.StartAsync(), wb.StartAsync(), ozon.StartAsync());
        fakes[0] = ("uzum", uzum, 120, 100, () => uzum.Stock.Count);
        fakes[1] = ("wildberries", wb, 300, 1000, () => wb.Stock.Count);
        fakes[2] = ("ozon", ozon, 80, 100, () => ozon.Stock.Count);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(storeUrl), Timeout = TimeSpan.FromSeconds(60) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("tma", adminInitData);
            await Put(http, "/api/admin/marketplaces/uzum", new { api_base_url = uzum.Url, settings = new { shop_id = "77" }, credentials = new { api_key = UzumToken } });
            await Put(http, "/api/admin/marketplaces/wildberries", new { api_base_url = wb.Url, settings = new { warehouse_id = "658434", prices_api_base_url = wb.Url, content_api_base_url = wb.Url }, credentials = new { api_key = WbToken } });
            await Put(http, "/api/admin/marketplaces/ozon", new { api_base_url = ozon.Url, settings = new { warehouse_id = "22001", seller_id = "15" }, credentials = new { client_id = OzonClient, api_key = OzonKey } });
            // Timed from the request to push: configuring the channels queues nothing.
            var started = Stopwatch.GetTimestamp();
            foreach (var f in fakes)
                (await http.PostAsJsonAsync($"/api/admin/marketplaces/{f.Slug}/sync", new { type = "stock" })).EnsureSuccessStatusCode();

            var done = new double?[fakes.Length];
            var deadline = started + (long)(Stopwatch.Frequency * 300);
            while (done.Any(d => d is null) && Stopwatch.GetTimestamp() < deadline)
            {
                for (var i = 0; i < fakes.Length; i++)
                    if (done[i] is null && fakes[i].Received() >= ScaleData.Products)
                        done[i] = Stopwatch.GetElapsedTime(started).TotalSeconds;
                await Task.Delay(20);
            }

            return fakes.Select((f, i) =>
            {
                var batches = (int)Math.Ceiling(ScaleData.Products / (double)f.BatchSize);
                // A sliding window lets PerWindow requests through at once; each further window's worth waits a window.
                var floor = Math.Floor((batches - 1) / (double)f.PerWindow) * window.TotalSeconds;
                var measured = done[i] ?? double.NaN;
                var reference = Math.Max(floor, 1.0); // below a second the floor is transfer time, not the limit
                var ratio = measured / reference;
                return new Scenario($"stock push, {ScaleData.Products:N0} SKUs → fake {f.Slug} ({f.PerWindow}/min, {f.BatchSize} per request)",
                    new() { ["seconds"] = measured, ["requests"] = f.Fake.Requests.Count, ["rate_violations"] = f.Fake.RateViolations, ["items_received"] = f.Received() },
                    new() { ["floor_s"] = floor, ["batches"] = batches },
                    ratio, "≤ 1.15 × floor (floor under 1 s counts as 1 s)",
                    done[i] is not null && ratio <= 1.15 && f.Fake.RateViolations == 0);
            }).ToList();
        }
        finally
        {
            await Task.WhenAll(fakes.Select(f => f.Fake.DisposeAsync().AsTask()));
        }
    }

    private static async Task Put(HttpClient http, string path, object body)
    {
        using var reply = await http.PutAsJsonAsync(path, body);
        if (!reply.IsSuccessStatusCode) throw new InvalidOperationException($"{path}: {(int)reply.StatusCode} {await reply.Content.ReadAsStringAsync()}");
    }
}
