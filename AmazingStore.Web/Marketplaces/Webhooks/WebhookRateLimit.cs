using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Marketplaces.Webhooks;

/// <summary>
/// The push route's own limit, per source address: it takes anonymous requests, and each stored push costs a
/// row and a marketplace call, so a flood must not turn into as many of both. OZON sends from a few addresses
/// and a burst of real pushes is far below the default. Over it: 429 with Retry-After (the write limits' reply).
/// </summary>
public static class WebhookRateLimit
{
    public const string Policy = "webhooks";

    public static void AddWebhookRateLimit(this IServiceCollection services) =>
        services.Configure<RateLimiterOptions>(o => o.AddPolicy(Policy, http =>
        {
            var limits = http.RequestServices.GetRequiredService<IOptionsMonitor<MarketplaceOptions>>().CurrentValue;
            return RateLimitPartition.GetFixedWindowLimiter("ip:" + http.Connection.RemoteIpAddress, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = Math.Max(1, limits.WebhookPermitLimit),
                Window = TimeSpan.FromSeconds(Math.Clamp(limits.WebhookWindowSeconds, 0.1, 86400)),
                QueueLimit = 0,
            });
        }));
}
