using System.Text.Json;
using AmazingStore.Bot.Api;
using AmazingStore.Bot.Commands;
using AmazingStore.Bot.Payments;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data;
using AmazingStore.Data.Outbox;
using AmazingStore.Data.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types.ReplyMarkups;

namespace AmazingStore.Bot.Notifications;

/// <summary>
/// Tells the owner of a payment event (paid, money to refund, refund) in a short message — with the
/// refund button when money is to go back — and brings their order message up to date in place (status,
/// payment, buttons). The edit is best effort: the alert is what must arrive, and it carries the buttons.
/// </summary>
public sealed class OwnerPaymentNotificationHandler(
    IServiceScopeFactory scopes, BotMessenger messenger, OutboxSendProgress sendProgress, IOptions<TelegramOptions> options,
    ILogger<OwnerPaymentNotificationHandler> log) : IOutboxHandler
{
    public string Type => OutboxTypes.OwnerPaymentNotification;

    public async Task HandleAsync(OutboxItem item, CancellationToken ct)
    {
        var ownerChatId = OwnerChat.Require(options.Value);
        int? orderId; long? paymentId;
        using (var doc = JsonDocument.Parse(item.Payload))
        {
            orderId = doc.RootElement.TryGetProperty("order_id", out var o) && o.ValueKind == JsonValueKind.Number ? o.GetInt32() : null;
            paymentId = doc.RootElement.TryGetProperty("payment_id", out var p) && p.ValueKind == JsonValueKind.Number ? p.GetInt64() : null;
        }
        var @event = PayloadEvent(item.Payload);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        var lang = await OwnerChat.LanguageAsync(db, ownerChatId, ct);
        var order = orderId is { } id ? await OrderView.LoadAsync(db, id, ct) ?? throw new OutboxPermanentFailureException($"order {id} does not exist") : null;

        var payment = await LatestPaymentAsync(db, orderId, paymentId, ct);
        var amount = payment is null ? order is null ? "?" : Html.Money(order.Total) + " so'm" : PaymentTexts.Amount(payment.Currency, payment.TotalAmount);
        var text = PaymentTexts.Owner(lang, @event, order?.OrderNumber, amount, order is null ? null : OrderView.StatusName(order.Status, lang));
        InlineKeyboardMarkup? buttons = order is not null && @event == "needs_refund"
            ? new InlineKeyboardMarkup(InlineKeyboardButton.WithCallbackData(PaymentTexts.RefundButton(lang), CallbackData.Refund(order.Id)))
            : null;
        var progress = await sendProgress.LoadAsync(item, text, ct);
        await BotDelivery.RunAsync(() => messenger.SendAsync(ownerChatId, text, buttons, ct, progress));

        if (order is not null) await OwnerChat.RefreshOrderMessageAsync(db, messenger, order, lang, log, ct);
    }

    internal static string PayloadEvent(string payload)
    {
        using var doc = JsonDocument.Parse(payload);
        return doc.RootElement.TryGetProperty("event", out var e) && e.ValueKind == JsonValueKind.String ? e.GetString()! : "";
    }

    private static async Task<PaymentRow?> LatestPaymentAsync(StoreDb db, int? orderId, long? paymentId, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<PaymentRow>($"""
            SELECT currency AS "Currency", total_amount AS "TotalAmount" FROM order_payments
             WHERE ({paymentId}::bigint IS NOT NULL AND id = {paymentId}::bigint) OR ({paymentId}::bigint IS NULL AND order_id = {orderId}::int)
             ORDER BY id DESC LIMIT 1
            """).ToListAsync(ct);
        return rows.FirstOrDefault();
    }

    private sealed class PaymentRow
    {
        public string Currency { get; set; } = "";
        public long TotalAmount { get; set; }
    }
}
