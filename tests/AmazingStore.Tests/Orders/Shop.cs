using System.Net;
using System.Text.Json;
using AmazingStore.Data;
using AmazingStore.Data.Inventory;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.StoreApi;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Tests.Orders;

/// <summary>Products with opening stock (ledger included) on a test host, and checkout helpers.</summary>
public static class Shop
{
    public const long AdminTelegramId = 9001;

    public static Task<StoreHost> StartAsync() => StoreHost.StartAsync(new Dictionary<string, string?>
    {
        ["Telegram:AdminIds:0"] = AdminTelegramId.ToString(),
        // The concurrency tests send hundreds of writes; limits are not what they test.
        ["RateLimits:Enabled"] = "false",
        ["RateLimits:PermitLimit"] = "100000",
    });

    public static async Task<int> ProductAsync(StoreHost host, string sku, decimal price, int stock, decimal? salePrice = null)
    {
        var id = (await host.ScalarAsync<int?>(
            "INSERT INTO products (sku, name_uz, price, sale_price) VALUES ($1, $2, $3, $4) RETURNING id",
            sku, "Mahsulot " + sku, price, (object?)salePrice ?? DBNull.Value))!.Value;
        await using var db = Context(host);
        Assert.True((await StockLedger.AdjustAsync(db, id, stock, null, new LedgerReference("test", null, null, null),
            CancellationToken.None, MovementTypes.Initial)).Ok);
        return id;
    }

    public static StoreDb Context(StoreHost host) => new(new DbContextOptionsBuilder<StoreDb>().UseNpgsql(host.ConnectionString).Options);

    public static async Task<StockFigures> FiguresAsync(StoreHost host, int productId)
    {
        await using var db = Context(host);
        return (await StockLedger.GetAsync(db, productId, CancellationToken.None))!;
    }

    public static async Task AssertReconcilesAsync(StoreHost host)
    {
        await using var db = Context(host);
        Assert.Empty(await StockLedger.ReconcileAsync(db, CancellationToken.None));
    }

    public static async Task FillCartAsync(Shopper shopper, params (int Product, int Quantity)[] lines)
    {
        foreach (var (p, q) in lines)
            await shopper.JsonAsync(HttpMethod.Post, "/api/cart", new { product_id = p, quantity = q });
    }

    public static readonly object Checkout = new { customer_phone = "+998901234567", delivery_address = "Toshkent, Chilonzor 1" };

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PlaceAsync(StoreHost host, long telegramId, string? key = null)
    {
        var req = InitData.Request(HttpMethod.Post, "/api/orders", InitData.For(telegramId), Checkout);
        if (key is not null) req.Headers.Add("Idempotency-Key", key);
        return await SendAsync(host, req);
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(StoreHost host, HttpRequestMessage req)
    {
        using (req)
        using (var reply = await host.Client.SendAsync(req))
        {
            var text = await reply.Content.ReadAsStringAsync();
            return (reply.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
        }
    }

    public static Task<(HttpStatusCode Status, JsonElement Body)> AsAsync(StoreHost host, long telegramId, HttpMethod method, string path, object? body = null) =>
        SendAsync(host, InitData.Request(method, path, InitData.For(telegramId), body));
}
