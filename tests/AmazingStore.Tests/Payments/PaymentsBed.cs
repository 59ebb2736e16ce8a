using System.Net;
using System.Text.Json;
using AmazingStore.Data.Inventory;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Marketplaces;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;
using AmazingStore.Web.Payments;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Tests.Payments;

/// <summary>
/// A store with Telegram payments on, its Bot API a <see cref="FakeBotApi"/> (which issues invoices and sends
/// payment updates to the store's webhook), optionally with the three fake marketplaces.
/// </summary>
public sealed class PaymentsBed : IAsyncDisposable
{
    /// <summary>The shape of BotFather's test tokens (they contain ":TEST:").</summary>
    public const string ProviderToken = "398062629:TEST:999999999_F91D8F69C042267444B74CC0B3C7477";
    public const decimal UzsPerStar = 200m;

    public FakeBotApi Bot { get; private init; } = null!;
    public StoreHost Host { get; private set; } = null!;
    public MarketplaceBed? Markets { get; private init; }
    public Uri Webhook => new(Host.BaseAddress, "/telegram/webhook");

    public static async Task<PaymentsBed> StartAsync(bool card = true, bool stars = false, bool marketplaces = false,
        params (string Key, string? Value)[] extra)
    {
        var fake = await FakeBotApi.StartAsync();
        var settings = BotTestKit.Settings(fake,
            ("Payments:ProviderToken", card ? ProviderToken : ""),
            ("Payments:StarsEnabled", stars ? "true" : "false"),
            ("Payments:UzsPerStar", UzsPerStar.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            // Tests run the expiry themselves (RunOnceAsync), so the background pass never races them.
            ("Payments:ExpiryCheckSeconds", "3600"),
            ("RateLimits:Enabled", "false"));
        settings["Telegram:AdminIds:1"] = MarketplaceBed.AdminId.ToString();
        foreach (var (k, v) in extra) settings[k] = v;
        if (marketplaces)
        {
            var markets = await MarketplaceBed.StartAsync(settings);
            return new PaymentsBed { Bot = fake, Markets = markets, Host = markets.Host };
        }
        return new PaymentsBed { Bot = fake, Host = await StoreHost.StartAsync(settings) };
    }

    public Task<int> ProductAsync(string sku, decimal price, int stock) => Shop.ProductAsync(Host, sku, price, stock);

    /// <summary>Fills the customer's cart and checks out with the method (null: none sent).</summary>
    public async Task<(HttpStatusCode Status, JsonElement Body)> CheckoutAsync(long telegramId, string? method, params (int Product, int Quantity)[] lines)
    {
        // The first request makes the users row, with the language of its initData.
        foreach (var (product, quantity) in lines)
            Assert.Equal(HttpStatusCode.OK, (await AsAsync(telegramId, HttpMethod.Post, "/api/cart", new { product_id = product, quantity })).Status);
        return await Shop.SendAsync(Host, InitData.Request(HttpMethod.Post, "/api/orders", InitData.For(telegramId, languageCode: Language(telegramId)),
            new { customer_phone = "+998901234567", delivery_address = "Toshkent, Chilonzor 1", payment_method = method }));
    }

    /// <summary>Customers with an id ending in 7 speak Russian (to see texts follow the customer's language).</summary>
    public static string Language(long telegramId) => telegramId % 10 == 7 ? "ru" : "uz";

    public Task<(HttpStatusCode Status, JsonElement Body)> AsAsync(long telegramId, HttpMethod method, string path, object? body = null) =>
        Shop.SendAsync(Host, InitData.Request(method, path, InitData.For(telegramId, languageCode: Language(telegramId)), body));

    public Task<(HttpStatusCode Status, JsonElement Body)> AdminAsync(HttpMethod method, string path, object? body = null) =>
        Shop.SendAsync(Host, InitData.Request(method, path, InitData.For(BotTestKit.AdminId, "Admin"), body));

    public async Task<JsonElement> OrderAsync(long telegramId, int id)
    {
        var (status, body) = await AsAsync(telegramId, HttpMethod.Get, $"/api/orders/{id}");
        Assert.Equal(HttpStatusCode.OK, status);
        return body;
    }

    public Task<IReadOnlyList<int>> ExpireAsync() => Host.Services.GetRequiredService<OrderExpiryService>().RunOnceAsync(CancellationToken.None);

    /// <summary>Moves the order's creation back, as if it had waited that long.</summary>
    public Task AgeAsync(int orderId, TimeSpan by) =>
        Host.ScalarAsync<int?>("UPDATE orders SET created_at = created_at - $2 WHERE id = $1 RETURNING 1", orderId, by);

    public Task<StockFigures> FiguresAsync(int productId) => Shop.FiguresAsync(Host, productId);

    /// <summary>Bounded wait for the recorded Bot API calls.</summary>
    public Task<IReadOnlyList<FakeBotApi.Call>> WaitForAsync(Func<IReadOnlyList<FakeBotApi.Call>, bool> condition, string what) =>
        Bot.WaitForAsync(condition, TimeSpan.FromSeconds(15), what);

    public async ValueTask DisposeAsync()
    {
        if (Markets is not null) await Markets.DisposeAsync();
        else await Host.DisposeAsync();
        await Bot.DisposeAsync();
    }
}
