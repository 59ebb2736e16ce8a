using System.Text.Json;
using AmazingStore.Bot.Api;
using AmazingStore.Bot.Commands;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data;
using AmazingStore.Data.Inventory;
using AmazingStore.Data.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types.ReplyMarkups;
using static AmazingStore.Bot.Commands.BotTexts;

namespace AmazingStore.Bot.Notifications;

/// <summary>
/// Tells the owner a product's available stock fell below its minimum, with restock buttons. The row is written by
/// the inventory trigger only when a change crosses the minimum (migration 0070), so one crossing is one message.
/// </summary>
public sealed class LowStockAlertHandler(IServiceScopeFactory scopes, BotMessenger messenger, OutboxSendProgress sendProgress,
    IOptions<TelegramOptions> options) : IOutboxHandler
{
    public string Type => OutboxTypes.LowStockAlert;

    public async Task HandleAsync(OutboxItem item, CancellationToken ct)
    {
        var ownerChatId = OwnerChat.Require(options.Value);
        int productId, minStock;
        try
        {
            using var doc = JsonDocument.Parse(item.Payload);
            productId = doc.RootElement.GetProperty("product_id").GetInt32();
            minStock = doc.RootElement.GetProperty("min_stock").GetInt32();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new OutboxPermanentFailureException($"malformed payload: {e.Message}");
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        var lang = await OwnerChat.LanguageAsync(db, ownerChatId, ct);
        var text = await LowStockView.RenderAsync(db, productId, minStock, lang, ct)
                   ?? throw new OutboxPermanentFailureException($"product {productId} does not exist");
        var progress = await sendProgress.LoadAsync(item, text, ct);
        await BotDelivery.RunAsync(() => messenger.SendAsync(ownerChatId, text, LowStockView.Buttons(productId, minStock, lang), ct, progress));
    }
}

/// <summary>The low-stock message and its restock buttons (also redrawn after a restock).</summary>
public static class LowStockView
{
    public static readonly int[] RestockUnits = [10, 50];

    public static async Task<string?> RenderAsync(StoreDb db, int productId, int minStock, string lang, CancellationToken ct)
    {
        var p = await db.Products.AsNoTracking().Where(x => x.Id == productId).Select(x => new { x.Sku, x.NameUz, x.NameRu }).FirstOrDefaultAsync(ct);
        if (p is null) return null;
        var f = await StockLedger.GetAsync(db, productId, ct) ?? new StockFigures(productId, 0, 0, 0);
        var name = lang == "ru" && !string.IsNullOrEmpty(p.NameRu) ? p.NameRu : p.NameUz;
        return Pick(lang,
            uz: $"⚠️ <b>Kam qoldi</b>: <code>{Html.E(p.Sku)}</code> {Html.E(name)}\nMavjud: <b>{f.Available}</b> (minimum {minStock}), omborda {f.Quantity}, zaxirada {f.Reserved}.",
            ru: $"⚠️ <b>Заканчивается</b>: <code>{Html.E(p.Sku)}</code> {Html.E(name)}\nДоступно: <b>{f.Available}</b> (минимум {minStock}), на складе {f.Quantity}, в резерве {f.Reserved}.");
    }

    public static InlineKeyboardMarkup Buttons(int productId, int minStock, string lang) => new(
    [
        RestockUnits.Select(n => InlineKeyboardButton.WithCallbackData(
            Pick(lang, uz: $"📦 +{n} qo'shish", ru: $"📦 Пополнить +{n}"), CallbackData.Restock(productId, n, minStock))).ToArray(),
    ]);
}
