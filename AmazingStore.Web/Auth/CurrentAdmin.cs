using AmazingStore.Bot;
using AmazingStore.Data.Users;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Web.Auth;

/// <summary>
/// The admin policy's second half, after the role the initData check granted: the initData is no older than
/// <c>Telegram:AdminInitDataMaxAgeSeconds</c>, and <see cref="AdminRule"/> still holds on the user's row as it
/// is now. The role comes from <see cref="KnownUsers"/>, which may be 30 s old: fine for a grant, not for a
/// revocation, so every admin call reads the row (admin calls are few; customers' calls keep the cache).
/// </summary>
public sealed class CurrentAdminRequirement : IAuthorizationRequirement;

public sealed class CurrentAdminHandler(IOptionsMonitor<TelegramOptions> telegram, SignedInitDataCache signatures, NpgsqlDataSource db, TimeProvider clock)
    : AuthorizationHandler<CurrentAdminRequirement>
{
    internal const string TooOld = "admin_init_data_too_old";

    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, CurrentAdminRequirement requirement)
    {
        // Not an admin by the role: the role requirement answers (403), nothing to add.
        if (context.Resource is not HttpContext http || !context.User.IsInRole(CustomerAuth.AdminRole) || CustomerAuth.Current(http) is not { } who) return;
        var config = telegram.CurrentValue;
        if (config.AdminInitDataMaxAgeSeconds > 0)
        {
            var header = http.Request.Headers.Authorization.ToString();
            var raw = header.Length > CustomerAuth.Scheme.Length ? header[(CustomerAuth.Scheme.Length + 1)..].Trim() : "";
            // The signature was checked moments ago: this is the cache's hit, with the shorter age.
            if (signatures.Validate(raw, config.InitDataToken, TimeSpan.FromSeconds(config.AdminInitDataMaxAgeSeconds), clock.GetUtcNow()) is null)
            {
                context.Fail(new AuthorizationFailureReason(this, TooOld));
                return;
            }
        }
        await using var cmd = db.CreateCommand("SELECT is_admin, is_active FROM users WHERE id = $1");
        cmd.Parameters.AddWithValue(who.UserId);
        await using var r = await cmd.ExecuteReaderAsync(http.RequestAborted);
        var row = await r.ReadAsync(http.RequestAborted) ? (IsAdmin: r.GetBoolean(0), IsActive: r.GetBoolean(1)) : default((bool IsAdmin, bool IsActive)?);
        if (AdminRule.IsAdmin(config.AdminIds.Contains(who.TelegramId), row?.IsAdmin, row?.IsActive)) context.Succeed(requirement);
    }
}

/// <summary>An admin's initData that is only too old for admin calls is a sign-in problem (401), not a missing right (403).</summary>
public sealed class AdminAuthorizationResults : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext http, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden && result.AuthorizationFailure?.FailureReasons.Any(r => r.Message == CurrentAdminHandler.TooOld) == true)
            return Problems.Of(StatusCodes.Status401Unauthorized, "invalid_init_data", "Not signed in",
                "Admin calls need initData no older than Telegram:AdminInitDataMaxAgeSeconds; open the Mini App again.").ExecuteAsync(http);
        return _default.HandleAsync(next, http, policy, result);
    }
}
