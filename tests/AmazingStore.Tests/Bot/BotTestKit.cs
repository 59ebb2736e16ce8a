using System.Net.Http.Json;
using System.Text.Json.Nodes;
using AmazingStore.Data;
using AmazingStore.Data.Inventory;
using AmazingStore.Data.Orders;
using AmazingStore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Tests.Bot;

/// <summary>Settings, updates and store data for bot tests.</summary>
internal static class BotTestKit
{
    public const string Secret = "test-webhook-secret_1";
    public const long OwnerChatId = 777_000;
    public const long AdminId = 1001;
    public const long CustomerId = 5005;
    public const string MiniAppUrl = "https://shop.example/app";

    public static Dictionary<string, string?> Settings(FakeBotApi fake, params (string Key, string? Value)[] extra)
    {
        var s = new Dictionary<string, string?>
        {
            ["Telegram:ApiBaseUrl"] = fake.BaseUrl,
            ["Telegram:WebhookSecret"] = Secret,
            ["Telegram:OwnerChatId"] = OwnerChatId.ToString(),
            ["Telegram:AdminIds:0"] = AdminId.ToString(),
            ["Telegram:MiniAppUrl"] = MiniAppUrl,
            // Short, so hangs end quickly, but not so short that a busy CI machine times out a healthy fake.
            ["Telegram:RequestTimeoutSeconds"] = "3",
            ["Telegram:PerChatMessagesPerSecond"] = "1000",
            ["Telegram:PerChatBurst"] = "1000",
            ["Telegram:UpdatePollMilliseconds"] = "200",
            ["Outbox:BaseDelay"] = "00:00:00.100",
            ["Outbox:MaxDelay"] = "00:00:01",
            ["Outbox:PollInterval"] = "00:00:00.500",
            ["Outbox:MaxAttempts"] = "6",
            // A dead fake opens the breaker; a short break keeps recovery within a test's waits.
            ["Telegram:CircuitBreaker:BreakDuration"] = "00:00:01",
            ["Telegram:CircuitBreaker:SamplingDuration"] = "00:00:05",
            // Products here start with a few units: the default low-stock alert would add owner messages to what these
            // tests count. The alerts have their own tests (Reports/LowStockAlertTests).
            ["Telegram:LowStockAlertDefault"] = "0",
        };
        foreach (var (k, v) in extra) s[k] = v;
        return s;
    }

    private static long _nextUpdateId = 10_000;
    public static long NextUpdateId() => Interlocked.Increment(ref _nextUpdateId);

    public static JsonObject Message(long fromId, string text, string? language = "uz", long? updateId = null) => new()
    {
        ["update_id"] = updateId ?? NextUpdateId(),
        ["message"] = new JsonObject
        {
            ["message_id"] = 1,
            ["from"] = new JsonObject { ["id"] = fromId, ["is_bot"] = false, ["first_name"] = "Ali <&>", ["username"] = "ali", ["language_code"] = language },
            ["chat"] = new JsonObject { ["id"] = fromId, ["type"] = "private" },
            ["date"] = 1_700_000_000,
            ["text"] = text,
        },
    };

    public static JsonObject Button(long fromId, string data, long messageId, long? updateId = null, string? language = null) => new()
    {
        ["update_id"] = updateId ?? NextUpdateId(),
        ["callback_query"] = new JsonObject
        {
            ["id"] = "cb" + Guid.NewGuid().ToString("N")[..8],
            ["from"] = new JsonObject { ["id"] = fromId, ["is_bot"] = false, ["first_name"] = "Admin", ["username"] = "boss", ["language_code"] = language },
            ["message"] = new JsonObject
            {
                ["message_id"] = messageId,
                ["chat"] = new JsonObject { ["id"] = fromId, ["type"] = "private" },
                ["date"] = 1_700_000_000,
                ["text"] = "order",
            },
            ["data"] = data,
        },
    };

    public static async Task<HttpResponseMessage> PostAsync(StoreHost host, JsonObject update, string? secret = Secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = JsonContent.Create(update) };
        if (secret is not null) request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        return await host.Client.SendAsync(request);
    }

    /// <summary>Bounded wait until every recorded update is handled (done or failed).</summary>
    public static async Task WaitHandledAsync(StoreHost host, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await host.ScalarAsync<long>("SELECT count(*) FROM processed_updates WHERE status IN ('done', 'failed')") < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{count} updates were not handled in time");
            await Task.Delay(50);
        }
    }

    public static async Task<int> AddProductAsync(StoreHost host, string sku, int stock, decimal price = 25_000)
    {
        var id = await host.ScalarAsync<int>(
            "INSERT INTO products (sku, name_uz, name_ru, price) VALUES ($1, $2, $3, $4) RETURNING id",
            sku, "Mahsulot " + sku, "Товар <" + sku + ">", price);
        using var scope = host.Services.CreateScope();
        var r = await StockLedger.AdjustAsync(scope.ServiceProvider.GetRequiredService<StoreDb>(), id, stock, null,
            new LedgerReference("test", null, null, "opening"), CancellationToken.None, MovementTypes.Initial);
        Assert.True(r.Ok);
        return id;
    }

    public static Task<int> AddCustomerAsync(StoreHost host, long telegramId, string language) =>
        host.ScalarAsync<int>("INSERT INTO users (telegram_id, first_name, language) VALUES ($1, 'Ali', $2) RETURNING id", telegramId, language);

    public static async Task<Order> PlaceOrderAsync(StoreHost host, int productId, int? userId = null, int quantity = 1)
    {
        using var scope = host.Services.CreateScope();
        var r = await OrderWorkflow.PlaceAsync(scope.ServiceProvider.GetRequiredService<StoreDb>(),
            new NewOrder("app", "amazing-store", [new NewOrderLine(productId, quantity)], "Vali <Valiyev>", "+998901234567",
                UserId: userId, DeliveryAddress: "Toshkent, Chilonzor 5 & 6"), CancellationToken.None);
        return Assert.IsType<PlaceResult.Placed>(r).Order;
    }

    public static string Text(FakeBotApi.Call call) => call.Body["text"]!.GetValue<string>();

    public static IEnumerable<JsonObject> Buttons(FakeBotApi.Call call) =>
        call.Body["reply_markup"]?["inline_keyboard"]?.AsArray().SelectMany(row => row!.AsArray()).Select(b => b!.AsObject()) ?? [];
}
