using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Data.Users;

/// <summary>Saves a phone Telegram vouched for (the sender's own contact), creating the user row if the Mini App was never opened.</summary>
public static class UserPhones
{
    public static Task<int> SaveFromTelegramAsync(StoreDb db, long telegramId, string firstName, string? lastName, string? username,
        string language, string phone, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO users (telegram_id, first_name, last_name, username, language, phone)
            VALUES ({telegramId}, {firstName}, {lastName}, {username}, {language}, {phone})
            ON CONFLICT (telegram_id) DO UPDATE SET phone = EXCLUDED.phone
            """, ct);
}
