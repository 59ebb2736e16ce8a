using AmazingStore.Bot.Api;
using AmazingStore.Bot.Commands;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data;
using AmazingStore.Data.Payments;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;
using static AmazingStore.Bot.Commands.BotTexts;

namespace AmazingStore.Bot.Payments;

/// <summary>
/// The owner's refund button: "rf:{id}" asks first (a refund cannot be undone), "rf:{id}:y" refunds through
/// <see cref="PaymentRefunds"/>, the admin API's code path, and updates the message.
/// </summary>
public sealed class RefundButtons(StoreDb db, PaymentRefunds refunds, BotMessenger messenger)
{
    public async Task PressAsync(CallbackQuery q, string[] parts, CancellationToken ct)
    {
        var lang = Language(q.From.LanguageCode);
        if (parts.Length is < 2 or > 3 || !int.TryParse(parts[1], out var orderId))
        {
            await messenger.AnswerAsync(q.Id, StaleButton(lang), ct);
            return;
        }
        var order = await OrderView.LoadAsync(db, orderId, ct);
        if (order is null)
        {
            await messenger.AnswerAsync(q.Id, Pick(lang, uz: "Buyurtma topilmadi.", ru: "Заказ не найден."), ct);
            return;
        }
        if (parts.Length == 2)
        {
            await messenger.AnswerAsync(q.Id, null, ct);
            if (q.Message is not null)
                await messenger.ReplyAsync(q.Message.Chat.Id, PaymentTexts.RefundQuestion(lang, order.OrderNumber),
                    new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData(PaymentTexts.RefundConfirmButton(lang), CallbackData.Refund(orderId, confirmed: true))), ct);
            return;
        }

        var result = await refunds.RefundAsync(orderId, CommandContext.Describe(q.From), "owner's button", ct);
        var answer = result switch
        {
            RefundResult.Refunded => Pick(lang, uz: $"Tayyor: {order.OrderNumber} uchun pul qaytarildi.", ru: $"Готово: деньги за {order.OrderNumber} возвращены."),
            RefundResult.NotRefundable => Pick(lang, uz: "Qaytaradigan to'lov yo'q.", ru: "Нечего возвращать."),
            RefundResult.Failed f => Pick(lang, uz: $"Telegram rad etdi: {f.Message}", ru: $"Telegram отказал: {f.Message}"),
            _ => Pick(lang, uz: "Buyurtma topilmadi.", ru: "Заказ не найден."),
        };
        await messenger.AnswerAsync(q.Id, answer, ct, alert: result is not RefundResult.Refunded);
        if (result is RefundResult.Refunded && q.Message is not null)
            await messenger.EditAsync(q.Message.Chat.Id, q.Message.Id, answer, null, ct);
    }
}
