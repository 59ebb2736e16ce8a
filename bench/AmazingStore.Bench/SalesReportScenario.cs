using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace AmazingStore.Bench;

/// <summary>
/// The owner's sales report over the whole scale history (100 000 orders and their ~200 000 lines, 301 Tashkent
/// days), as an admin's Mini App asks for it: GET /api/admin/reports/sales with admin initData, two connections.
/// The reply is checked against the database first, so a fast wrong answer cannot pass; that first report also
/// builds the rollup of the range's closed days, and its time is reported apart (first_report_ms).
/// </summary>
public static class SalesReportScenario
{
    public static async Task<Scenario> RunAsync(NpgsqlDataSource db, string storeUrl, string adminInitData, string work, int seconds, bool quick)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(5));
        var path = $"/api/admin/reports/sales?from={today.AddDays(-300):yyyy-MM-dd}&to={today:yyyy-MM-dd}";

        long expectedOrders;
        await using (var cmd = db.CreateCommand("SELECT count(*) FROM orders WHERE status NOT IN ('cancelled', 'returned') AND created_at >= $1"))
        {
            cmd.Parameters.AddWithValue(DateTime.SpecifyKind(today.AddDays(-300).ToDateTime(TimeOnly.MinValue).AddHours(-5), DateTimeKind.Utc));
            expectedOrders = (long)(await cmd.ExecuteScalarAsync())!;
        }
        using var http = new HttpClient { BaseAddress = new Uri(storeUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", "tma " + adminInitData);
        // The first report of the range builds the rollup of its closed days (SalesRollup): timed on its own.
        var first = System.Diagnostics.Stopwatch.StartNew();
        using var reply = await http.SendAsync(request);
        var body = await reply.Content.ReadFromJsonAsync<JsonElement>();
        var firstMs = first.Elapsed.TotalMilliseconds;
        var orders = reply.IsSuccessStatusCode ? body.GetProperty("total").GetProperty("orders").GetInt64() : -1;

        var lua = Path.Combine(work, "sales-report.lua");
        await File.WriteAllTextAsync(lua, $"wrk.method = \"GET\"\nwrk.path = \"{path}\"\nwrk.headers[\"Authorization\"] = \"tma {adminInitData}\"\n");
        await Wrk.RunAsync(storeUrl, 2, quick ? 2 : 5, lua); // warm-up, not counted
        var r = await Wrk.RunAsync(storeUrl, 2, seconds, lua);
        return new Scenario($"sales report over {expectedOrders:N0} orders, 301 days (2 conn)",
            new() { ["req_s"] = r.RequestsPerSecond, ["p50_ms"] = r.P50Ms, ["p90_ms"] = r.P90Ms, ["p99_ms"] = r.P99Ms, ["errors"] = r.Errors, ["orders_in_reply"] = orders, ["first_report_ms"] = Math.Round(firstMs) },
            null, null, "p99 < 200 ms; figures match the database", r.P99Ms < 200 && r.Errors == 0 && orders == expectedOrders);
    }
}
