using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using AmazingStore.Data;
using AmazingStore.Data.Inventory;
using AmazingStore.Tests.StoreApi;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AmazingStore.Tests.Faults;

/// <summary>Data and checks shared by the fault tests, against a connection string (the host may be another process).</summary>
internal static class FaultKit
{
    public static readonly object Checkout = new { customer_phone = "+998901234567", delivery_address = "Toshkent, Chilonzor 1" };

    public static StoreDb Context(string cs) => new(new DbContextOptionsBuilder<StoreDb>().UseNpgsql(cs).Options);

    public static async Task<T> ScalarAsync<T>(string cs, string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    public static async Task<int> ProductAsync(string cs, string sku, int stock, decimal price = 10_000)
    {
        var id = await ScalarAsync<int>(cs, "INSERT INTO products (sku, name_uz, price) VALUES ($1, $2, $3) RETURNING id", sku, "Mahsulot " + sku, price);
        await using var db = Context(cs);
        Assert.True((await StockLedger.AdjustAsync(db, id, stock, null, new LedgerReference("test", null, null, "opening"),
            CancellationToken.None, MovementTypes.Initial)).Ok);
        return id;
    }

    public static HttpRequestMessage As(long telegramId, HttpMethod method, string path, object? body = null) =>
        InitData.Request(method, path, InitData.For(telegramId), body);

    public static async Task<(int Status, string Text)> SendAsync(HttpClient client, HttpRequestMessage req)
    {
        using (req)
        using (var reply = await client.SendAsync(req))
            return ((int)reply.StatusCode, await reply.Content.ReadAsStringAsync());
    }

    /// <summary>
    /// Nobody pays for stock that is not there: every reserved unit belongs to a live (pending or
    /// confirmed) order line, every such line holds its units, and the ledger agrees with inventory.
    /// </summary>
    public static async Task AssertStockConsistentAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT p.id, i.reserved_quantity, i.quantity,
                   COALESCE((SELECT SUM(oi.quantity) FROM order_items oi JOIN orders o ON o.id = oi.order_id
                              WHERE oi.product_id = p.id AND o.status IN ('pending', 'confirmed')), 0)::int
              FROM products p JOIN inventory i ON i.product_id = p.id ORDER BY p.id
            """, conn);
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
            {
                Assert.True(r.GetInt32(1) == r.GetInt32(3), $"product {r.GetInt32(0)}: reserved {r.GetInt32(1)} but live order lines hold {r.GetInt32(3)}");
                Assert.True(r.GetInt32(1) <= r.GetInt32(2), $"product {r.GetInt32(0)}: reserved {r.GetInt32(1)} > quantity {r.GetInt32(2)}");
            }
        await using var db = Context(cs);
        Assert.Empty(await StockLedger.ReconcileAsync(db, CancellationToken.None));
    }

    /// <summary>Bounded poll.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {timeout} for {what}");
            await Task.Delay(50);
        }
    }

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");

    public static AuthenticationHeaderValue Tma(long telegramId) => new("tma", InitData.For(telegramId));
}
