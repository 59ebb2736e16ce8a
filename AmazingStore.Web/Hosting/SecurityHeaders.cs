using Microsoft.Net.Http.Headers;

namespace AmazingStore.Web.Hosting;

/// <summary>
/// Headers on every reply. The page is a Telegram Mini App: Telegram's web clients (web.telegram.org and its
/// siblings) show it in a frame, so framing is limited by CSP frame-ancestors, never refused with
/// X-Frame-Options (DENY would leave those users a blank frame); mobile and desktop clients use a web view,
/// where frame-ancestors does not apply. Scripts: our own modules and Telegram's SDK, nothing inline.
/// Styles allow inline because the SDK, inside a web client's frame, injects a style element the client sends
/// (set_custom_style). Images: product and banner pictures may live on any HTTPS host the admin names.
/// </summary>
public static class SecurityHeaders
{
    public const string MiniAppPolicy =
        "default-src 'self'; script-src 'self' https://telegram.org; style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data: blob: https:; font-src 'self' data:; connect-src 'self'; object-src 'none'; " +
        "base-uri 'self'; form-action 'self'; " +
        "frame-ancestors 'self' https://web.telegram.org https://*.telegram.org https://telegram.org https://telegram.me https://t.me";

    // The job dashboard and the API explorer are third-party pages with inline scripts: they keep the other headers.
    private static readonly PathString[] OwnPagesExcluded = ["/hangfire", "/swagger"];

    public static void UseSecurityHeaders(this IApplicationBuilder app) => app.Use((http, next) =>
    {
        http.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            var path = http.Request.Path;
            if (!OwnPagesExcluded.Any(p => path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
                headers.ContentSecurityPolicy = MiniAppPolicy;
            // A reply to a signed-in call is that user's (orders, profile, admin data, a personalised catalog):
            // no shared or browser cache keeps it. The demo initData is a credential too.
            if (http.Request.Headers.ContainsKey(HeaderNames.Authorization) || path.StartsWithSegments("/api/dev", StringComparison.OrdinalIgnoreCase))
            {
                headers.CacheControl = "no-store";
            }
            return Task.CompletedTask;
        }, http);
        return next(http);
    });
}
