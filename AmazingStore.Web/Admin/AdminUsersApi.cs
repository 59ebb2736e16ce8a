using AmazingStore.Data.Users;
using AmazingStore.Web.Auth;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Web.Admin;

/// <summary>PATCH /api/admin/users/{id}: a null field stays as it is.</summary>
public sealed record UserAccessRequest(bool? IsActive, bool? IsAdmin);

/// <summary>
/// A user for the admin's list. <c>is_admin</c> is the user's rights by <see cref="AdminRule"/> (the flag,
/// or the id listed in <c>Telegram:AdminIds</c>, and not blocked); <c>admin_in_config</c> says the latter.
/// </summary>
public sealed record AdminUserReply(int Id, long TelegramId, string FirstName, string? LastName, string? Username, string? Phone,
    string Language, bool IsActive, bool IsAdmin, bool AdminInConfig, DateTime CreatedAt, DateTime? LastLoginAt)
{
    public static AdminUserReply From(UserRow u, bool listed) => new(u.Id, u.TelegramId, u.FirstName, u.LastName, u.Username, u.Phone,
        u.Language, u.IsActive, AdminRule.IsAdmin(listed, u.IsAdminFlag, u.IsActive), listed, u.CreatedAt, u.LastLoginAt);
}

/// <summary>Users for admins: list and search, block and unblock, make and remove admins (through <see cref="AdminRule"/>).</summary>
public static class AdminUsersApi
{
    public static void MapAdminUsers(this RouteGroupBuilder admin)
    {
        var api = admin.MapGroup("/users").WithTags("Admin: users");
        api.MapGet("/", List).WithName("AdminListUsers");
        api.MapPatch("/{id:int}", Change).WithName("AdminChangeUser").RequireWriteLimit();
    }

    private static async Task<Results<Ok<ListReply<AdminUserReply>>, ProblemHttpResult>> List(string? search, int? page, int? limit,
        NpgsqlDataSource db, IOptionsMonitor<AmazingStore.Bot.TelegramOptions> telegram, CancellationToken ct)
    {
        if (!Paging.TryCreate(page, limit, out var paging, out var problem)) return problem!;
        if (search is { Length: > 200 }) return Problems.Validation("search", "search must be at most 200 characters.");
        var (rows, total) = await UserDirectory.ListAsync(db, search, paging.Offset, paging.Limit, ct);
        var config = telegram.CurrentValue;
        return TypedResults.Ok(new ListReply<AdminUserReply>(
            rows.Select(u => AdminUserReply.From(u, config.IsAdmin(u.TelegramId))).ToList(), paging.Page, paging.Limit, total));
    }

    /// <summary>
    /// 409 <c>cannot_change_self</c> for blocking or demoting oneself, <c>admin_in_config</c> for demoting an id
    /// listed in the configuration. This instance forgets the user at once; others on 0090's NOTIFY (at worst within KnownUsers.Lifetime),
    /// and a blocked user's cart is refused at checkout by the database's flag in any case.
    /// </summary>
    private static async Task<Results<Ok<AdminUserReply>, ProblemHttpResult>> Change(int id, UserAccessRequest body, Customer who,
        NpgsqlDataSource db, IOptionsMonitor<AmazingStore.Bot.TelegramOptions> telegram, KnownUsers known, CancellationToken ct)
    {
        if (body.IsActive is null && body.IsAdmin is null)
            return Problems.Validation("is_active", "Send is_active, is_admin or both.");
        var config = telegram.CurrentValue;
        var (row, refused) = await UserDirectory.ChangeAsync(db, who.UserId, id, body.IsActive, body.IsAdmin, config.IsAdmin, ct);
        if (row is null) return Problems.NotFound("User " + id);
        if (refused is not null)
            return Problems.Conflict(refused, refused == AdminRule.CannotChangeSelf
                ? "An admin cannot block or demote themselves."
                : "This user is an admin by Telegram:AdminIds in the server's configuration; remove them there.");
        known.Forget(row.TelegramId);
        return TypedResults.Ok(AdminUserReply.From(row, config.IsAdmin(row.TelegramId)));
    }
}
