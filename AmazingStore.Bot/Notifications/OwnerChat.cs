using AmazingStore.Bot.Api;
using AmazingStore.Bot.Commands;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data;
using AmazingStore.Data.Outbox;
using AmazingStore.Data.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace AmazingStore.Bot.Notifications;

/// <summary>Where and in which language the owner's messages go (new orders, digests, stock alerts).</summary>
internal static class OwnerChat
{
    /// <summary>No owner chat yet: the row waits (without spending attempts) until one is configured.</summary>
    public static long Require(TelegramOptions options) => options.OwnerChatId != 0
        ? options.OwnerChatId
        : throw new OutboxRetryLaterException(TimeSpan.FromMinutes(1), "Telegram:OwnerChatId is not configured", countsAsAttempt: false);

    /// <summary>The owner's saved language when they have used the shop; otherwise Russian, their working language so far.</summary>
    public static async Task<string> LanguageAsync(StoreDb db, long ownerChatId, CancellationToken ct)
    {
        var saved = await db.Users.AsNoTracking().Where(u => u.TelegramId == ownerChatId).Select(u => u.Language).FirstOrDefaultAsync(ct);
        return saved is null ? "ru" : BotTexts.Language(saved);
    }

    /// <summary>
    /// The order as it stands, under a headline and with its buttons, to the owner: the one way the owner handlers
    /// send an order (new, cancelled, unpaid reminder). A send cut short resumes from the outbox's progress.
    /// </summary>
    public static async Task<global::Telegram.Bot.Types.Message?> SendOrderAsync(BotMessenger messenger, OutboxSendProgress sendProgress,
        OutboxItem item, long ownerChatId, AmazingStore.Data.Orders.Order order, string lang, string headline, CancellationToken ct)
    {
        var text = OrderView.Render(order, lang, headline);
        var progress = await sendProgress.LoadAsync(item, text, ct);
        global::Telegram.Bot.Types.Message? sent = null;
        await BotDelivery.RunAsync(async () => sent = await messenger.SendAsync(ownerChatId, text, OrderView.Buttons(order, lang), ct, progress));
        return sent;
    }

    /// <summary>
    /// Brings the owner's first message about an order (OwnerOrderMessages) up to date in place, so its old buttons
    /// do not linger. Best effort: the alert that triggered it is what must arrive, and it carries its own buttons.
    /// </summary>
    public static async Task RefreshOrderMessageAsync(StoreDb db, BotMessenger messenger, AmazingStore.Data.Orders.Order order, string lang, ILogger log, CancellationToken ct)
    {
        if (await OwnerOrderMessages.FindAsync(db, order.Id, ct) is not { } message) return;
        try { await messenger.EditAsync(message.ChatId, message.MessageId, OrderView.Render(order, lang), OrderView.Buttons(order, lang), ct); }
        catch (BotApiException e)
        {
            log.LogWarning("Could not update the owner's message for order {Order}: {Error}", order.Id, e.Message);
        }
    }
}
