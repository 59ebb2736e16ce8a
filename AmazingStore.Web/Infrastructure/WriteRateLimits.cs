using System.Globalization;
using System.Threading.RateLimiting;
using AmazingStore.Web.Auth;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Infrastructure;

/// <summary>The <c>RateLimits</c> section: how many writes one caller may make per window.</summary>
public sealed class RateLimitOptions
{
    /// <summary>False: no write limits at all (load tests and test hosts that are not about limits).</summary>
    public bool Enabled { get; set; } = true;
    public int PermitLimit { get; set; } = 60;
    public double WindowSeconds { get; set; } = 10;

    /// <summary>
    /// <c>RateLimits:Orders</c>: the tighter window for placing orders (each one reserves stock and
    /// tells every marketplace), per user, in place of the general one.
    /// </summary>
    public WindowOptions Orders { get; set; } = new() { PermitLimit = 5, WindowSeconds = 60 };

    public sealed class WindowOptions
    {
        public int PermitLimit { get; set; }
        public double WindowSeconds { get; set; }
    }
}

/// <summary>
/// Per-caller limits on write endpoints (ASP.NET Core's rate limiter): one fixed window per signed-in
/// user, or per remote address for anonymous calls. Over the limit is 429 <c>rate_limited</c> with Retry-After.
/// </summary>
public static class WriteRateLimits
{
    public const string Policy = "writes";
    public const string OrdersPolicy = "orders";

    public static void AddWriteRateLimits(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<RateLimitOptions>(builder.Configuration.GetSection("RateLimits"));
        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(Policy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
                return Window(http, limits, "", limits.PermitLimit, limits.WindowSeconds);
            });
            o.AddPolicy(OrdersPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptionsMonitor<RateLimitOptions>>().CurrentValue;
                return Window(http, limits, "orders:", limits.Orders.PermitLimit, limits.Orders.WindowSeconds);
            });
            o.OnRejected = async (ctx, ct) =>
            {
                var wait = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromSeconds(1);
                var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
                ctx.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Problems.Of(StatusCodes.Status429TooManyRequests, "rate_limited", "Too many requests",
                    $"Too many changes in a short time; try again in {seconds} s.").ExecuteAsync(ctx.HttpContext);
            };
        });
    }

    private static RateLimitPartition<string> Window(HttpContext http, RateLimitOptions limits, string prefix, int permits, double seconds)
    {
        if (!limits.Enabled) return RateLimitPartition.GetNoLimiter("off");
        var caller = prefix + (CustomerAuth.Current(http) is { } who ? "user:" + who.UserId : "ip:" + http.Connection.RemoteIpAddress);
        return RateLimitPartition.GetFixedWindowLimiter(caller, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, permits),
            Window = TimeSpan.FromSeconds(Math.Clamp(seconds, 0.1, 86400)),
            QueueLimit = 0,
        });
    }

    /// <summary>Puts an endpoint or group under the per-caller write limit.</summary>
    public static TBuilder RequireWriteLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(Policy);

    /// <summary>Puts an endpoint under the tighter per-caller limit on placing orders (instead of the general one).</summary>
    public static TBuilder RequireOrderLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireRateLimiting(OrdersPolicy);
}
