using AmazingStore.Bot.Commands;
using AmazingStore.Data;
using AmazingStore.Data.Outbox;
using Microsoft.EntityFrameworkCore;

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
}
