using AmazingStore.Bot.Api;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data;
using AmazingStore.Data.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;
using static AmazingStore.Bot.Commands.BotTexts;

namespace AmazingStore.Bot.Commands;

/// <summary>
/// /orders [status]: the newest orders of every channel, one message each with buttons for the next
/// legal statuses, then a page footer. A button press goes through <see cref="OrderWorkflow"/> (the
/// admin API's code path) with the status the message showed, so a stale message cannot move an order.
/// Texts follow the admin's Telegram language, as customers' do.
/// </summary>
public sealed class OrdersCommand(StoreDb db, BotMessenger messenger, IOptions<TelegramOptions> options)
{
    private int PageSize => Math.Max(1, options.Value.PageSize);

    public async Task ListAsync(CommandContext c, CancellationToken ct)
    {
        var status = c.Args.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.ToLowerInvariant();
        if (status is "all") status = null;
        if (status is not null && !OrderStatuses.Known.Contains(status))
        {
            var known = string.Join(", ", OrderStatuses.Known);
            await messenger.ReplyAsync(c.ChatId, Pick(c.Language,
                uz: $"Noma'lum holat «{Html.E(status)}». Mumkin: {known}.",
                ru: $"Неизвестный статус «{Html.E(status)}». Можно: {known}."), null, ct);
            return;
        }
        await SendPageAsync(c.ChatId, status, 1, c.Language, ct);
    }

    public async Task SendPageAsync(long chatId, string? status, int page, string lang, CancellationToken ct)
    {
        var query = db.Orders.AsNoTracking().Where(o => status == null || o.Status == status);
        var total = await query.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var orders = await query
            .WithViewDetails()
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Skip((page - 1) * PageSize).Take(PageSize)
            .AsSplitQuery()
            .ToListAsync(ct);
        var filter = status is null ? "" : $" ({Html.E(OrderView.StatusName(status, lang))})";
        if (orders.Count == 0)
        {
            await messenger.ReplyAsync(chatId, Pick(lang, uz: $"Buyurtmalar yo'q{filter}.", ru: $"Заказов нет{filter}."), null, ct);
            return;
        }
        foreach (var order in orders)
            await messenger.ReplyAsync(chatId, OrderView.Render(order, lang), OrderView.Buttons(order, lang), ct);

        var nav = new List<InlineKeyboardButton>();
        if (page > 1) nav.Add(InlineKeyboardButton.WithCallbackData(Pick(lang, uz: "◀️ Yangiroq", ru: "◀️ Новее"), CallbackData.OrdersPage(status, page - 1)));
        if (page < pages) nav.Add(InlineKeyboardButton.WithCallbackData(Pick(lang, uz: "Eskiroq ▶️", ru: "Старше ▶️"), CallbackData.OrdersPage(status, page + 1)));
        await messenger.ReplyAsync(chatId, Pick(lang,
                uz: $"Buyurtmalar{filter}: {page}/{pages}-sahifa, jami {total} ta.",
                ru: $"Заказы{filter}: страница {page} из {pages}, всего {total}."),
            nav.Count == 0 ? null : new InlineKeyboardMarkup([nav]), ct);
    }

    /// <summary>The "o:{id}:{shown}:{next}" button.</summary>
    public async Task TransitionAsync(CallbackQuery q, string[] parts, CancellationToken ct)
    {
        var lang = Language(q.From.LanguageCode);
        // A return carries its restock decision as a fifth part (CallbackData.Return); nothing else has one.
        var isReturn = parts.Length == 5 && parts[3] == OrderStatuses.Returned && parts[4] is "r" or "w";
        if ((parts.Length != 4 && !isReturn) || !int.TryParse(parts[1], out var orderId) || (!isReturn && parts[3] == OrderStatuses.Returned))
        {
            await messenger.AnswerAsync(q.Id, StaleButton(lang), ct);
            return;
        }
        string shown = parts[2], next = parts[3];
        var result = await OrderWorkflow.TransitionAsync(db, orderId, next, CommandContext.Describe(q.From), ct, expectedStatus: shown,
            restock: isReturn ? parts[4] == "r" : null);
        var order = result.Order is null ? null : await OrderView.LoadAsync(db, orderId, ct);
        string nextName = OrderView.StatusName(next, lang), nowName = OrderView.StatusName(order?.Status ?? shown, lang);
        var answer = (result.Ok, result.Error) switch
        {
            (true, _) => Pick(lang, uz: $"Tayyor: buyurtma {order?.OrderNumber} — {nextName}.", ru: $"Готово: заказ {order?.OrderNumber} — {nextName}."),
            (_, "not_found") => Pick(lang, uz: "Buyurtma topilmadi.", ru: "Заказ не найден."),
            (_, "stale") => Pick(lang,
                uz: $"Buyurtma allaqachon o'zgargan: hozir u {nowName}. Xabar yangilandi.",
                ru: $"Заказ уже изменён: сейчас он {nowName}. Сообщение обновлено."),
            _ => Pick(lang,
                uz: $"Mumkin emas: «{nowName}» holatidan «{nextName}» holatiga o'tib bo'lmaydi.",
                ru: $"Нельзя: из статуса «{nowName}» в «{nextName}» перейти нельзя."),
        };
        // Answer first: the spinner on the admin's button stops even if the edit below fails.
        await messenger.AnswerAsync(q.Id, answer, ct, alert: !result.Ok);
        if (order is not null && q.Message is not null)
            await messenger.EditAsync(q.Message.Chat.Id, q.Message.Id, OrderView.Render(order, lang), OrderView.Buttons(order, lang), ct);
    }

    /// <summary>The "ol:{status}:{page}" button: sends that page below.</summary>
    public async Task PageAsync(CallbackQuery q, string[] parts, CancellationToken ct)
    {
        var status = parts.Length > 1 && OrderStatuses.Known.Contains(parts[1]) ? parts[1] : null;
        var page = parts.Length > 2 && int.TryParse(parts[2], out var p) ? p : 1;
        await messenger.AnswerAsync(q.Id, null, ct);
        if (q.Message is not null) await SendPageAsync(q.Message.Chat.Id, status, page, Language(q.From.LanguageCode), ct);
    }
}
