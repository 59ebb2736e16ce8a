using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AmazingStore.Web.Infrastructure;

/// <summary>
/// Maps what escapes a handler to a problem reply: client mistakes to 4xx, a database that is away
/// to 503 with Retry-After (never a 500 storm while it restarts).
/// </summary>
public static class ErrorHandling
{
    public static void AddStoreProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            var status = ctx.ProblemDetails.Status ?? ctx.HttpContext.Response.StatusCode;
            ctx.ProblemDetails.Extensions.TryAdd("code", Problems.CodeFor(status));
            ctx.ProblemDetails.Extensions.Remove("traceId");
        });
        services.AddExceptionHandler<StoreExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
    }

    public static bool IsDatabaseUnavailable(Exception e) => e switch
    {
        NpgsqlException npg => npg.IsTransient || npg.InnerException is SocketException or IOException or TimeoutException
            || npg is PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "53300" },
        TimeoutException => true,
        DbUpdateException { InnerException: { } inner } => IsDatabaseUnavailable(inner),
        InvalidOperationException { InnerException: { } inner } => IsDatabaseUnavailable(inner),
        _ => false,
    };

    private sealed class StoreExceptionHandler(IProblemDetailsService problems, ILogger<StoreExceptionHandler> log) : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception e, CancellationToken ct)
        {
            if (e is BadHttpRequestException { InnerException: NulText.RejectedException nul })
            {
                await NulText.Problem(NulText.FieldOf(nul.Path)).ExecuteAsync(http);
                return true;
            }
            int status; string code, title;
            switch (e)
            {
                case BadHttpRequestException bad:
                    status = bad.StatusCode; code = Problems.CodeFor(status);
                    title = bad.InnerException is JsonException ? "The body is not valid JSON for this request" : bad.Message;
                    break;
                case OperationCanceledException when http.RequestAborted.IsCancellationRequested:
                    status = 499; code = "client_closed"; title = "Client closed the request";
                    break;
                case var _ when IsDatabaseUnavailable(e):
                    log.LogWarning("Database unavailable while serving {Path}: {Error}", http.Request.Path.Value, e.Message);
                    status = 503; code = "service_unavailable"; title = "The store is briefly unavailable; try again shortly";
                    http.Response.Headers.RetryAfter = "2";
                    break;
                default:
                    log.LogError(e, "Unhandled error serving {Method} {Path}", http.Request.Method, http.Request.Path.Value);
                    status = 500; code = "internal_error"; title = "Something went wrong on our side";
                    break;
            }
            http.Response.StatusCode = status;
            return await problems.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                Exception = e,
                ProblemDetails = new ProblemDetails { Status = status, Title = title, Extensions = { ["code"] = code } },
            });
        }
    }
}
