using AmazingStore.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmazingStore.Bot.Commands;

/// <summary>Admins are the ids in Telegram:AdminIds or users with is_admin (DESIGN.md).</summary>
public sealed class AdminAccess(IOptions<TelegramOptions> options, StoreDb db)
{
    public async Task<bool> IsAdminAsync(long telegramId, CancellationToken ct) =>
        options.Value.IsAdmin(telegramId)
        || await db.Users.AnyAsync(u => u.TelegramId == telegramId && u.IsAdmin && u.IsActive, ct);
}
