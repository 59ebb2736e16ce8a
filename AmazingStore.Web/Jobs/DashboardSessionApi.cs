using System.Globalization;
using System.Security.Claims;
using AmazingStore.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Jobs;

/// <summary>How an admin gets a dashboard session: from the Mini App (initData) or from a one-time link (bot).</summary>
public static class DashboardSessionApi
{
    public sealed record DashboardSessionReply(string DashboardUrl, string Link, DateTimeOffset ExpiresAt);

    public static void MapDashboardSessionApi(this WebApplication app)
    {
        app.MapGroup("/api/admin").RequireAdmin().WithTags("Admin: jobs")
            .MapPost("/dashboard-session", Issue).WithName("AdminDashboardSession");
        app.MapGet(DashboardLinks.LoginPath, Redeem).ExcludeFromDescription();
    }

    /// <summary>
    /// Sets the session cookie for the admin whose initData this request carried, and returns a one-time
    /// link too: inside Telegram the Mini App opens links in another browser, which has not got the cookie.
    /// </summary>
    private static async Task<Ok<DashboardSessionReply>> Issue(HttpContext http, DashboardLinks links, IOptions<JobsOptions> options, TimeProvider clock)
    {
        var lifetime = options.Value.DashboardSessionLifetime;
        await DashboardSession.SignInAsync(http, SessionClaims(http.User), lifetime, clock);
        var telegramId = long.Parse(http.User.FindFirstValue("telegram_id")!, CultureInfo.InvariantCulture);
        var origin = new Uri($"{http.Request.Scheme}://{http.Request.Host}");
        NoStore(http);
        return TypedResults.Ok(new DashboardSessionReply(DashboardSession.Path, links.LinkOn(origin, telegramId), clock.GetUtcNow() + lifetime));
    }

    /// <summary>
    /// Exchanges a one-time link for the session. Answers with a page that moves on to the dashboard itself
    /// rather than a redirect: a browser does not send a SameSite=Strict cookie on a redirect that started
    /// on another site (the link is followed from Telegram).
    /// </summary>
    private static async Task<ContentHttpResult> Redeem(HttpContext http, string? token, DashboardLinks links, IOptions<JobsOptions> options, TimeProvider clock, CancellationToken ct)
    {
        NoStore(http);
        if (await links.RedeemAsync(token, ct) is not { } telegramId)
            return TypedResults.Content(Page("This link has expired or was already used. Ask the bot for a new one with /jobs.", null),
                "text/html; charset=utf-8", statusCode: StatusCodes.Status401Unauthorized);
        await DashboardSession.SignInAsync(http, [new("telegram_id", telegramId.ToString(CultureInfo.InvariantCulture)), new(ClaimTypes.Role, CustomerAuth.AdminRole)],
            options.Value.DashboardSessionLifetime, clock);
        return TypedResults.Content(Page("Opening the job dashboard…", DashboardSession.Path), "text/html; charset=utf-8");
    }

    /// <summary>Who the admin is and the admin role, as the initData check found them.</summary>
    private static IEnumerable<Claim> SessionClaims(ClaimsPrincipal user) =>
        user.Claims.Where(c => c.Type is ClaimTypes.NameIdentifier or "telegram_id" or ClaimTypes.Role).Select(c => new Claim(c.Type, c.Value));

    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        // The token is in the address: it must not travel on as a Referer.
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
    }

    private static string Page(string text, string? next) =>
        "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
        + (next is null ? "" : $"<meta http-equiv=\"refresh\" content=\"0;url={next}\">")
        + $"<title>Amazing Store jobs</title></head><body><p>{text}</p>"
        + (next is null ? "" : $"<p><a href=\"{next}\">Open the dashboard</a></p>")
        + "</body></html>";
}
