namespace AmazingStore.Data.Users;

/// <summary>
/// Who is an admin, for the API and the bot alike: listed in <c>Telegram:AdminIds</c> or flagged
/// <c>users.is_admin</c>, and not blocked (<c>users.is_active = false</c>) — a blocked admin is no admin
/// anywhere, even one listed in the configuration. A listed id without a users row yet (never opened
/// the Mini App) is an admin.
/// </summary>
public static class AdminRule
{
    public static bool IsAdmin(bool listedInConfig, bool? isAdminFlag, bool? isActive) =>
        isActive != false && (listedInConfig || isAdminFlag == true);
}
