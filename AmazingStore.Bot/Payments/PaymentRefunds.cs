using AmazingStore.Bot.Api;
using AmazingStore.Data;
using AmazingStore.Data.Payments;
using Telegram.Bot;

namespace AmazingStore.Bot.Payments;

/// <summary>
/// Refunds for the admin API and the owner's button alike: <see cref="PaymentWorkflow.RefundAsync"/>, with
/// Stars sent back through refundStarPayment. Without a bot (no token) Stars cannot be refunded from here;
/// provider payments are recorded only either way (the money goes back in the provider's cabinet).
/// </summary>
public sealed class PaymentRefunds(StoreDb db, ITelegramBotClient? bot)
{
    public Task<RefundResult> RefundAsync(int orderId, string actor, string? reason, CancellationToken ct) =>
        PaymentWorkflow.RefundAsync(db, orderId, actor, reason, async (payment, token) =>
        {
            if (bot is null) throw new InvalidOperationException("The bot is off (Telegram:BotToken), so Stars cannot be refunded.");
            try { await bot.RefundStarPayment(payment.PayerTelegramId, payment.TelegramChargeId, token); }
            // Refunded before (by an earlier attempt whose record was lost): the money is back, which is what we record.
            catch (BotApiException e) when (e.ErrorCode == 400 && e.Message.Contains("CHARGE_ALREADY_REFUNDED", StringComparison.OrdinalIgnoreCase)) { }
        }, ct);
}
