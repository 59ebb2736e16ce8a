using AmazingStore.Bot.Api;
using AmazingStore.Bot.Notifications;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data;
using AmazingStore.Data.Inventory;
using Telegram.Bot.Types;
using static AmazingStore.Bot.Commands.BotTexts;

namespace AmazingStore.Bot.Commands;

/// <summary>
/// The "rs:{productId}:{units}:{minStock}" button of a low-stock alert: adds the units on hand through
/// <see cref="StockLedger"/> (as /stock SKU +N does, with the admin as the reason) and redraws the alert.
/// </summary>
public sealed class RestockButton(StoreDb db, BotMessenger messenger)
{
    public async Task RunAsync(CallbackQuery q, string[] parts, CancellationToken ct)
    {
        var lang = Language(q.From.LanguageCode);
        if (parts.Length != 4 || !int.TryParse(parts[1], out var productId) || !int.TryParse(parts[2], out var units)
            || !LowStockView.RestockUnits.Contains(units) || !int.TryParse(parts[3], out var minStock))
        {
            await messenger.AnswerAsync(q.Id, StaleButton(lang), ct);
            return;
        }
        var result = await StockLedger.AdjustAsync(db, productId, units, null, new LedgerReference("bot", null, null, CommandContext.Describe(q.From) + " (restock button)"), ct);
        var f = result.Figures;
        await messenger.AnswerAsync(q.Id, result.Ok
            ? Pick(lang, uz: $"✅ +{units}: mavjud {f.Available}.", ru: $"✅ +{units}: доступно {f.Available}.")
            : Pick(lang, uz: "Qoldiq o'zgarmadi.", ru: "Остаток не изменён."), ct, alert: !result.Ok);
        if (result.Ok && q.Message is not null && await LowStockView.RenderAsync(db, productId, minStock, lang, ct) is { } text)
            await messenger.EditAsync(q.Message.Chat.Id, q.Message.Id, text, LowStockView.Buttons(productId, minStock, lang), ct);
    }
}
