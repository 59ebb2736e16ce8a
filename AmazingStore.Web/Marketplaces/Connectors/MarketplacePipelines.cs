using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace AmazingStore.Web.Marketplaces.Connectors;

/// <summary>
/// One resilience pipeline and one rate limiter per marketplace API (shared by every call in the
/// process): retries with backoff that honour X-Ratelimit-Retry / Retry-After and WB's
/// StoreIsProcessing, a circuit breaker, and a timeout per attempt. Polly.Core has no rate-limiter
/// strategy (that is the separate Polly.RateLimiting package), so each attempt first takes permits
/// from a System.Threading.RateLimiting sliding window.
/// </summary>
public sealed class MarketplacePipelines(IOptions<MarketplaceOptions> options, ILogger<MarketplacePipelines> log) : IDisposable
{
    private readonly MarketplaceOptions _o = options.Value;
    private readonly ConcurrentDictionary<string, Lazy<(ResiliencePipeline<HttpResponseMessage> Pipeline, RateLimiter Limiter)>> _byApi = new();

    /// <summary>Limits per API key: "uzum", "wildberries", "wildberries-prices", "wildberries-content", "ozon".</summary>
    public (ResiliencePipeline<HttpResponseMessage> Pipeline, RateLimiter Limiter) For(string api) =>
        _byApi.GetOrAdd(api, a => new(() => Build(a))).Value;

    private (ResiliencePipeline<HttpResponseMessage>, RateLimiter) Build(string api)
    {
        RateLimiter limiter = api == "wildberries-prices" ? WildberriesPricesLimiter() : SlidingWindow(api switch
        {
            "wildberries" => _o.WildberriesRequestsPerWindow,
            "wildberries-content" => _o.WildberriesContentRequestsPerWindow,
            "ozon" => _o.OzonRequestsPerWindow,
            _ => _o.UzumRequestsPerWindow,
        });
        var pipeline = new ResiliencePipelineBuilder<HttpResponseMessage> { Name = api }
            .AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _o.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = _o.RetryBaseDelay,
                MaxDelay = _o.MaxRetryDelay,
                ShouldHandle = async args => args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { } r } => r.StatusCode == HttpStatusCode.TooManyRequests
                                         || (int)r.StatusCode >= 500
                                         || (r.StatusCode == HttpStatusCode.Conflict && await IsStoreProcessingAsync(r)),
                    _ => false,
                },
                DelayGenerator = args => ValueTask.FromResult(RetryDelay(args.Outcome.Result)),
                OnRetry = args =>
                {
                    log.LogWarning("{Api}: attempt {Attempt} got {Outcome}; retrying in {Delay}", api, args.AttemptNumber + 1,
                        args.Outcome.Result is { } r ? ((int)r.StatusCode).ToString(CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name, args.RetryDelay);
                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
            {
                FailureRatio = _o.BreakerFailureRatio,
                MinimumThroughput = Math.Max(2, _o.BreakerMinimumThroughput),
                SamplingDuration = _o.BreakerSamplingDuration,
                BreakDuration = _o.BreakerBreakDuration,
                OnOpened = args =>
                {
                    log.LogWarning("{Api}: circuit opened for {Break} after repeated failures", api, args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    log.LogInformation("{Api}: circuit closed", api);
                    return ValueTask.CompletedTask;
                },
                ShouldHandle = args => ValueTask.FromResult(args.Outcome switch
                {
                    { Exception: HttpRequestException or TimeoutRejectedException } => true,
                    { Result: { } r } => (int)r.StatusCode >= 500,
                    _ => false,
                }),
            })
            .AddTimeout(_o.RequestTimeout)
            .Build();
        return (pipeline, limiter);
    }

    private SlidingWindowRateLimiter SlidingWindow(int perWindow) => new(new SlidingWindowRateLimiterOptions
    {
        PermitLimit = perWindow,
        // A permit comes back when its segment leaves the window, up to one segment early:
        // one extra segment (and a little slack) keeps every rolling window within the limit.
        Window = _o.RateWindow * 1.1 + TimeSpan.FromMilliseconds(50),
        SegmentsPerWindow = 11,
        QueueLimit = 100_000,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    /// <summary>
    /// WB prices count requests in a token bucket (10 per 6 s = one back every 600 ms, burst 5): a sliding
    /// window of 10 would let 10 go at once, twice the burst. Ours refills a little slower than WB's
    /// (10 % and 20 ms), so send-time jitter never finds WB's bucket emptier than ours.
    /// </summary>
    private TokenBucketRateLimiter WildberriesPricesLimiter() => new(new TokenBucketRateLimiterOptions
    {
        TokenLimit = Math.Max(1, _o.WildberriesPriceBurst),
        TokensPerPeriod = 1,
        ReplenishmentPeriod = _o.WildberriesPricePeriod / Math.Max(1, _o.WildberriesPriceRequestsPerPeriod) * 1.1 + TimeSpan.FromMilliseconds(20),
        QueueLimit = 100_000,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    private TimeSpan? RetryDelay(HttpResponseMessage? r)
    {
        if (r is null) return null;
        if (r.StatusCode == HttpStatusCode.TooManyRequests)
        {
            if (r.Headers.TryGetValues("X-Ratelimit-Retry", out var v)
                && double.TryParse(v.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
                return Cap(TimeSpan.FromSeconds(s));
            if (r.Headers.RetryAfter?.Delta is { } delta) return Cap(delta);
        }
        if (r.StatusCode == HttpStatusCode.Conflict) return _o.StoreIsProcessingDelay;
        return null; // the exponential backoff
    }

    private TimeSpan Cap(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t > _o.MaxRetryDelay ? _o.MaxRetryDelay : t;

    internal static async Task<bool> IsStoreProcessingAsync(HttpResponseMessage r)
    {
        var body = await r.Content.ReadAsStringAsync();
        return body.Contains("StoreIsProcessing", StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var lazy in _byApi.Values)
            if (lazy.IsValueCreated) lazy.Value.Limiter.Dispose();
    }
}
