using Serilog;
using Serilog.Events;
using Serilog.Extensions.Hosting;

namespace AmazingStore.Web.Infrastructure;

/// <summary>
/// One structured line per request through Serilog.AspNetCore's middleware, written to the host's own
/// logger (tests run several hosts in one process; the default would be the static <c>Log.Logger</c>).
/// Only the path is logged, never the query or headers: <c>/telegram/*</c> links and the Mini App's
/// calls may carry initData, and Authorization carries it on every signed-in call.
/// </summary>
/// <remarks>
/// The middleware reads <c>Activity.Current</c> for trace ids but starts none, so hosting's diagnostics
/// logger can stay off (see StoreApp); its per-request cost is one small collector behind an AsyncLocal.
/// </remarks>
public static class RequestLog
{
    public static void AddStoreRequestLog(this IServiceCollection services, Serilog.ILogger logger)
    {
        // What Serilog.Extensions.Hosting's AddSerilog would register, without replacing the host's
        // ILoggerFactory: the filters on the Microsoft.Extensions.Logging side (StoreApp) must keep working.
        var context = new DiagnosticContext(logger);
        services.AddSingleton(context);
        services.AddSingleton<IDiagnosticContext>(context);
    }

    public static IApplicationBuilder UseStoreRequestLog(this IApplicationBuilder app, Serilog.ILogger logger) =>
        app.UseSerilogRequestLogging(o =>
        {
            o.Logger = logger;
            o.IncludeQueryInRequestPath = false;
            o.GetLevel = Level;
        });

    internal static LogEventLevel Level(HttpContext http, double elapsedMs, Exception? error) =>
        error is not null || http.Response.StatusCode >= 500 ? LogEventLevel.Error
        : http.Request.Path.StartsWithSegments("/health") ? LogEventLevel.Debug
        : LogEventLevel.Information;
}
