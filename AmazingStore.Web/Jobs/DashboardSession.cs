using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace AmazingStore.Web.Jobs;

/// <summary>
/// The dashboard session: a cookie issued to an admin after their initData (or the bot's one-time link)
/// was checked. ASP.NET Core's cookie scheme protects it with Data Protection, whose key ring is in the
/// database, so every instance reads a session any of them issued and a forged or altered cookie is
/// refused. It lasts <see cref="JobsOptions.DashboardSessionLifetime"/>, is never renewed, and travels
/// only to /hangfire.
/// </summary>
public static class DashboardSession
{
    public const string Scheme = "dashboard";
    public const string Path = "/hangfire";
    public const string CookieName = "store_dashboard";

    internal static void Configure(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = CookieName;
        o.Cookie.Path = Path;
        o.Cookie.HttpOnly = true;
        // Strict: a page elsewhere cannot make the browser send it (no cross-site requests to the dashboard's actions).
        o.Cookie.SameSite = SameSiteMode.Strict;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.SlidingExpiration = false;
        // Nobody is sent to a login page: the dashboard answers 401/403 itself.
        o.Events.OnRedirectToLogin = c => { c.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
        o.Events.OnRedirectToAccessDenied = c => { c.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
    }

    /// <summary>Sets the session cookie carrying <paramref name="claims"/> (those the admin was authenticated with).</summary>
    public static Task SignInAsync(HttpContext http, IEnumerable<Claim> claims, TimeSpan lifetime, TimeProvider clock) =>
        http.SignInAsync(Scheme, new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme)), new AuthenticationProperties
        {
            IsPersistent = false,
            AllowRefresh = false,
            ExpiresUtc = clock.GetUtcNow() + lifetime,
        });
}
