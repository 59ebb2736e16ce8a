using AmazingStore.Web.Hosting;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;

namespace AmazingStore.Web.Auth;

/// <summary>
/// Customer and admin auth on ASP.NET Core's own authentication and authorization: the <c>tma</c>
/// scheme checks initData on any request that carries it, the policies decide who may call what.
/// </summary>
public static class CustomerAuth
{
    public const string Scheme = "tma";
    public const string CustomerPolicy = "customer";
    public const string AdminPolicy = "admin";
    public const string AdminRole = "admin";

    public static void AddCustomerAuth(this WebApplicationBuilder builder)
    {
        // Demo mode without a bot: initData is signed and checked with a token made up for this
        // process, so the Mini App in a browser still goes through the real validation. The bot itself
        // reads its own options and stays off.
        if (DemoMode.IsOn(builder.Configuration, builder.Environment) && string.IsNullOrEmpty(builder.Configuration["Telegram:BotToken"]))
        {
            var demoToken = "demo:" + Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
            builder.Services.PostConfigure<AmazingStore.Bot.TelegramOptions>(o => o.DemoSigningToken = demoToken);
        }
        builder.Services.AddSingleton<KnownUsers>();
        builder.Services.AddSingleton<SignedInitDataCache>();
        builder.Services.AddAuthentication(Scheme)
            .AddScheme<AuthenticationSchemeOptions, TmaAuthenticationHandler>(Scheme, _ => { });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(CustomerPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireAuthenticatedUser())
            .AddPolicy(AdminPolicy, p => p.AddAuthenticationSchemes(Scheme).RequireRole(AdminRole).AddRequirements(new CurrentAdminRequirement()));
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, CurrentAdminHandler>();
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AdminAuthorizationResults>();
    }

    /// <summary>Valid initData on every endpoint of the group (401 <c>invalid_init_data</c> otherwise).</summary>
    public static RouteGroupBuilder RequireCustomer(this RouteGroupBuilder group) => group.RequireAuthorization(CustomerPolicy);

    /// <summary>Valid initData from an admin (401 without it, 403 for a valid non-admin).</summary>
    public static RouteGroupBuilder RequireAdmin(this RouteGroupBuilder group) => group.RequireAuthorization(AdminPolicy);

    /// <summary>The caller when the request carried valid initData (public endpoints use it to personalise).</summary>
    public static Customer? Current(HttpContext http) =>
        http.Items.TryGetValue(Customer.ItemKey, out var c) ? c as Customer : null;

    private const string BlockedKey = "amazing.blocked";

    /// <summary>Correctly signed initData of a user an admin blocked (users.is_active false): not signed in.</summary>
    internal static AuthenticateResult FailBlocked(HttpContext http)
    {
        http.Items[BlockedKey] = true;
        return AuthenticateResult.Fail("Blocked user");
    }

    /// <summary>
    /// A blocked user on a customer route is told so (403 <c>user_blocked</c>) rather than asked to sign in
    /// again; admin routes keep answering 401, as for any caller who is no admin by <c>AdminRule</c>.
    /// </summary>
    internal static bool IsBlockedOnCustomerRoute(HttpContext http) =>
        http.Items.ContainsKey(BlockedKey)
        && http.GetEndpoint()?.Metadata.GetOrderedMetadata<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any(a => a.Policy == AdminPolicy) != true;

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult BlockedProblem() =>
        Problems.Of(StatusCodes.Status403Forbidden, "user_blocked", "Blocked", "This account has been blocked by the shop.");

    internal static Task WriteInvalidInitDataAsync(HttpContext http) =>
        Problems.Of(StatusCodes.Status401Unauthorized, "invalid_init_data", "Not signed in",
            "Send Authorization: tma <initData> with valid, unexpired Telegram initData.").ExecuteAsync(http);

    internal static Task WriteForbiddenAsync(HttpContext http) =>
        Problems.Of(StatusCodes.Status403Forbidden, "forbidden", "Forbidden", "This needs an admin.").ExecuteAsync(http);
}
