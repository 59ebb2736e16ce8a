using AmazingStore.Data;
using AmazingStore.Data.Users;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmazingStore.Bot.Commands;

/// <summary>The bot's side of <see cref="AdminRule"/> (the API applies the same rule when it checks initData).</summary>
public sealed class AdminAccess(IOptions<TelegramOptions> options, StoreDb db)
{
    public async Task<bool> IsAdminAsync(long telegramId, CancellationToken ct)
    {
        var row = await db.Users.Where(u => u.TelegramId == telegramId)
            .Select(u => new { u.IsAdmin, u.IsActive }).FirstOrDefaultAsync(ct);
        return AdminRule.IsAdmin(options.Value.IsAdmin(telegramId), row?.IsAdmin, row?.IsActive);
    }
}
