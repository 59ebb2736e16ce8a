using System.Diagnostics;

namespace AmazingStore.Web.Infrastructure;

/// <summary>
/// One structured line per request (Serilog.AspNetCore does not restore here). Only the path is
/// logged: query strings and headers may carry initData or tokens.
/// </summary>
public sealed class RequestLogging(RequestDelegate next, ILogger<RequestLogging> log)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(http);
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var level = http.Request.Path.StartsWithSegments("/health") ? LogLevel.Debug
                : http.Response.StatusCode >= 500 ? LogLevel.Error : LogLevel.Information;
            // Checked first: building the arguments allocates on every request, even when the line is dropped.
            if (log.IsEnabled(level))
                log.Log(level, "HTTP {Method} {Path} responded {StatusCode} in {Elapsed:0.0} ms",
                    http.Request.Method, http.Request.Path.Value, http.Response.StatusCode, elapsed);
        }
    }
}
