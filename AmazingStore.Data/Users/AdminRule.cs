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

    /// <summary>
    /// Whether an admin may set another user's flags: no one blocks or demotes themselves (the shop
    /// must not lose its last admin by a slip), and a listed id's admin rights are the configuration's —
    /// clearing the flag would change nothing. Null when allowed, else the problem code.
    /// </summary>
    public static string? RefuseChange(bool self, bool listedInConfig, bool? isActive, bool? isAdmin) =>
        self && (isActive == false || isAdmin == false) ? CannotChangeSelf
        : listedInConfig && isAdmin == false ? AdminInConfig
        : null;

    public const string CannotChangeSelf = "cannot_change_self", AdminInConfig = "admin_in_config";
}
