using AmazingStore.Bot.Api;
using AmazingStore.Bot.Commands;
using AmazingStore.Bot.Rendering;
using Telegram.Bot.Types;

namespace AmazingStore.Bot.Updates;

/// <summary>Sends one update to the command or button it is for; admin-only ones are refused politely to anyone else.</summary>
public sealed class UpdateRouter(
    CustomerCommands customers,
    OrdersCommand orders,
    StockCommand stock,
    SyncCommand sync,
    JobsCommand jobs,
    ReportCommand report,
    RestockButton restock,
    AdminAccess admins,
    BotMessenger messenger,
    Payments.PaymentUpdates payments,
    Payments.RefundButtons refunds)
{
    public async Task HandleAsync(Update update, CancellationToken ct)
    {
        if (update.PreCheckoutQuery is { } checkout)
            await payments.PreCheckoutAsync(checkout, ct);
        else if (update.Message is { SuccessfulPayment: { } paid } payment)
            await payments.SuccessfulPaymentAsync(payment, paid, ct);
        else if (update.Message is { } message && CommandContext.Parse(message) is { } command)
            await HandleCommandAsync(command, ct);
        else if (update.CallbackQuery is { } query)
            await HandleButtonAsync(query, ct);
        else if (update.Message is { Contact: not null, From: not null } shared)
            await customers.ContactAsync(shared, ct);
        // Anything else (plain text, other update kinds) needs no answer.
    }

    private async Task HandleCommandAsync(CommandContext c, CancellationToken ct)
    {
        switch (c.Name)
        {
            case "start":
                await customers.StartAsync(c, ct);
                return;
            case "phone":
                await customers.PhoneAsync(c, ct);
                return;
            case "help":
                await customers.HelpAsync(c, await admins.IsAdminAsync(c.From.Id, ct), ct);
                return;
            case "orders" or "stock" or "sync" or "jobs" or "report":
                if (!await admins.IsAdminAsync(c.From.Id, ct))
                {
                    await messenger.ReplyAsync(c.ChatId, BotTexts.NotAdmin(c.Language), null, ct);
                    return;
                }
                await (c.Name switch
                {
                    "orders" => orders.ListAsync(c, ct),
                    "stock" => stock.RunAsync(c, ct),
                    "jobs" => jobs.RunAsync(c, ct),
                    "report" => report.RunAsync(c, ct),
                    _ => sync.RunAsync(c, ct),
                });
                return;
            default:
                await messenger.ReplyAsync(c.ChatId, BotTexts.UnknownCommand(c.Language), null, ct);
                return;
        }
    }

    private async Task HandleButtonAsync(CallbackQuery q, CancellationToken ct)
    {
        var lang = BotTexts.Language(q.From.LanguageCode);
        try
        {
            if (!await admins.IsAdminAsync(q.From.Id, ct))
            {
                await messenger.AnswerAsync(q.Id, BotTexts.NotAdmin(lang), ct, alert: true);
                return;
            }
            var parts = CallbackData.Parse(q.Data);
            switch (parts.FirstOrDefault())
            {
                case "o": await orders.TransitionAsync(q, parts, ct); break;
                case "ol": await orders.PageAsync(q, parts, ct); break;
                case "sl": await stock.PageButtonAsync(q, parts, ct); break;
                case "sy": await sync.RunButtonAsync(q, parts, ct); break;
                case "rf": await refunds.PressAsync(q, parts, ct); break;
                case "rs": await restock.RunAsync(q, parts, ct); break;
                default: await messenger.AnswerAsync(q.Id, BotTexts.StaleButton(lang), ct); break;
            }
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // The client shows a spinner until the callback is answered, so answer even now
            // (a second answer after a successful one is refused by Telegram and ignored).
            try { await messenger.AnswerAsync(q.Id, BotTexts.ButtonFailed(lang), CancellationToken.None, alert: true); }
            catch (BotApiException) { /* the original failure is what matters */ }
            throw;
        }
    }
}
