using AmazingStore.Bot.Api;
using AmazingStore.Bot.Commands;
using AmazingStore.Data;
using AmazingStore.Data.Payments;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Payments;

namespace AmazingStore.Bot.Payments;

/// <summary>
/// The two payment updates: pre_checkout_query (Telegram waits at most 10 s for the answer, so it is answered
/// even when the check itself fails) and the successful_payment message (recorded through
/// <see cref="PaymentWorkflow"/>; a database blink makes the update worker run it again, and the charge id
/// keeps that from counting twice).
/// </summary>
public sealed class PaymentUpdates(StoreDb db, ITelegramBotClient bot, ILogger<PaymentUpdates> log)
{
    public async Task PreCheckoutAsync(PreCheckoutQuery q, CancellationToken ct)
    {
        PreCheckoutVerdict verdict;
        try
        {
            verdict = await PaymentWorkflow.CheckPreCheckoutAsync(db, q.InvoicePayload, q.From.Id, q.Currency, q.TotalAmount, ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            log.LogError("pre_checkout_query {Id}: the check failed ({Error}); refusing", q.Id, e.Message);
            await AnswerAsync(q, PaymentTexts.Refusal(BotTexts.Language(q.From.LanguageCode), null), ct);
            throw;
        }
        if (!verdict.Ok)
            log.LogInformation("pre_checkout_query {Id} for order {Order} refused: {Refusal}", q.Id, verdict.OrderId, verdict.Refusal);
        // The customer's language; a stranger paying someone else's order reads their own.
        var lang = BotTexts.Language(verdict.Refusal == PreCheckoutRefusals.NotPayer ? q.From.LanguageCode : verdict.CustomerLanguage ?? q.From.LanguageCode);
        await AnswerAsync(q, verdict.Ok ? null : PaymentTexts.Refusal(lang, verdict.Refusal), ct);
    }

    private async Task AnswerAsync(PreCheckoutQuery q, string? error, CancellationToken ct)
    {
        try { await bot.AnswerPreCheckoutQuery(q.Id, error, ct); }
        // Past Telegram's 10 s the query is gone: Telegram has told the payer it failed, and nothing was charged.
        catch (BotApiException e) when (e.ErrorCode == 400) { log.LogWarning("pre_checkout_query {Id} could not be answered: {Error}", q.Id, e.Message); }
    }

    public async Task SuccessfulPaymentAsync(Message m, SuccessfulPayment p, CancellationToken ct)
    {
        var payer = m.From?.Id ?? m.Chat.Id;
        var result = await PaymentWorkflow.RecordAsync(db, new ReceivedPayment(p.InvoicePayload, payer, p.Currency, p.TotalAmount,
            p.TelegramPaymentChargeId, p.ProviderPaymentChargeId), CancellationToken.None);
        if (result.Outcome is not PaymentOutcome.Paid)
            log.LogWarning("Payment {Charge} for order {Order}: {Outcome}", p.TelegramPaymentChargeId, result.OrderId, result.Outcome);
    }
}
