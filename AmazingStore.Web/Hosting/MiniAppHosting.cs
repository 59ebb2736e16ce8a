using Microsoft.AspNetCore.SpaServices.StaticFiles;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace AmazingStore.Web.Hosting;

/// <summary>
/// The Mini App from <c>wwwroot</c> through SpaServices: its files, and its page for any other GET of
/// a client route. The server's own paths never get the page, so a wrong API or webhook URL is a plain
/// 404 (a problem for <c>/api</c>) instead of a 200 of HTML that a client would try to parse.
/// </summary>
public static class MiniAppHosting
{
    // "/hangfire" before its dashboard exists too: the page must not answer it either way.
    private static readonly PathString[] ServerPaths =
        ["/api", "/telegram", "/webhooks", "/health", "/hangfire", "/swagger", "/openapi"];

    internal static bool IsServerPath(PathString path)
    {
        foreach (var p in ServerPaths)
            if (path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) return true;
        return false;
    }

    public static void AddMiniApp(this WebApplicationBuilder builder) =>
        builder.Services.AddSpaStaticFiles(o => o.RootPath = builder.Environment.WebRootPath);

    /// <summary>The app's files; API calls skip the file lookup (a measurable part of a catalog read).</summary>
    public static void UseMiniAppFiles(this IApplicationBuilder app) =>
        app.UseWhen(http => !IsServerPath(http.Request.Path), files => files.UseSpaStaticFiles(FileOptions()));

    /// <summary>Last before the endpoints: the page for a GET that matched no endpoint and names no file.</summary>
    public static void UseMiniAppPage(this IApplicationBuilder app) =>
        app.MapWhen(IsPageRequest, page => page.UseSpa(spa =>
        {
            spa.Options.DefaultPage = "/index.html";
            spa.Options.DefaultPageStaticFileOptions = FileOptions();
        }));

    // UseSpa throws when it cannot serve the page, so only what it can serve reaches it: a POST to a client
    // route or a missing /js/x.js must be a 404/405, not a 500 and not the page under a script's name.
    private static bool IsPageRequest(HttpContext http)
    {
        var request = http.Request;
        if (http.GetEndpoint() is not null || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))) return false;
        var path = request.Path.Value ?? "/";
        return !IsServerPath(request.Path) && !Path.HasExtension(path[(path.LastIndexOf('/') + 1)..]);
    }

    private static StaticFileOptions FileOptions() => new()
    {
        ContentTypeProvider = OwnFileTypes(),
        OnPrepareResponse = file => file.Context.Response.Headers.CacheControl = CacheControl(file.File.Name),
    };

    /// <summary>
    /// Only the kinds of file the Mini App is made of: anything else in wwwroot (its README, a stray backup or
    /// editor file) is not served — the file middleware serves no type it has no mapping for, and the page
    /// fallback leaves names with an extension alone, so they are 404s.
    /// </summary>
    internal static FileExtensionContentTypeProvider OwnFileTypes()
    {
        var all = new FileExtensionContentTypeProvider().Mappings;
        var own = new FileExtensionContentTypeProvider(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
        foreach (var ext in OwnExtensions)
            if (all.TryGetValue(ext, out var type)) own.Mappings[ext] = type;
        return own;
    }

    internal static readonly string[] OwnExtensions =
        [".html", ".js", ".css", ".svg", ".png", ".jpg", ".jpeg", ".webp", ".gif", ".ico", ".woff2", ".json", ".webmanifest"];

    // The modules and the stylesheet are not versioned in their names (no build step), so the page and
    // they are revalidated on every load: the ETag/Last-Modified the file middleware sends make that a
    // 304 without a body. A stale app.js beside a fresh api.js would break the app; a stale picture does not.
    internal static string CacheControl(string fileName) =>
        Path.GetExtension(fileName).ToLowerInvariant() switch
        {
            ".svg" or ".png" or ".jpg" or ".jpeg" or ".webp" or ".ico" or ".woff2" => "public, max-age=86400",
            _ => "no-cache",
        };
}
