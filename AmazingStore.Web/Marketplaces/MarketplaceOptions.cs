namespace AmazingStore.Web.Marketplaces;

/// <summary>
/// Marketplace limits and timings (section "Marketplaces"). The defaults are the marketplaces'
/// published facts; tests shrink the time-based ones.
/// </summary>
public sealed class MarketplaceOptions
{
    /// <summary>Run a Hangfire server here (scheduled and on-demand syncs); off, this instance only enqueues.</summary>
    public bool SchedulerEnabled { get; set; } = true;
    /// <summary>How long one "minute" of sync_interval_minutes lasts (tests shorten it).</summary>
    public TimeSpan IntervalUnit { get; set; } = TimeSpan.FromMinutes(1);
    /// <summary>Orders are polled this often (in interval units), whatever the full-sync interval.</summary>
    public int OrdersIntervalMinutes { get; set; } = 5;
    /// <summary>How far back an order poll looks when there was no successful one before (and, while orders are open, at least).</summary>
    public TimeSpan OrdersLookBack { get; set; } = TimeSpan.FromDays(2);
    /// <summary>An order poll starts this much before the last successful one began (clock skew, orders listed late).</summary>
    public TimeSpan OrdersPollOverlap { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>However long ago the last successful poll was, an order poll looks back no further than this.</summary>
    public TimeSpan OrdersMaxLookBack { get; set; } = TimeSpan.FromDays(7);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public int MaxRetries { get; set; } = 5;
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    /// <summary>A Retry/X-Ratelimit-Retry header longer than this is capped (the run must end).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>Circuit breaker per marketplace API: opens when this share of the attempts in the sampling window failed (5xx, timeout, no connection)...</summary>
    public double BreakerFailureRatio { get; set; } = 0.8;
    /// <summary>...and at least this many attempts were made in it...</summary>
    public int BreakerMinimumThroughput { get; set; } = 20;
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(60);
    /// <summary>...then calls fail at once for this long, after which one attempt probes the API.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>WB 409 StoreIsProcessing: "wait a few seconds and retry".</summary>
    public TimeSpan StoreIsProcessingDelay { get; set; } = TimeSpan.FromSeconds(3);
    /// <summary>Length of the rate-limit window (one minute for the published limits).</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(1);
    public int UzumRequestsPerWindow { get; set; } = 120;
    public int WildberriesRequestsPerWindow { get; set; } = 300;
    /// <summary>
    /// WB prices host ("Цены и скидки", every method of it): 10 requests per 6 s with a burst of 5, a token
    /// bucket (one request back every 600 ms, at most 5 saved up), not a sliding window.
    /// </summary>
    public int WildberriesPriceRequestsPerPeriod { get; set; } = 10;
    public TimeSpan WildberriesPricePeriod { get; set; } = TimeSpan.FromSeconds(6);
    public int WildberriesPriceBurst { get; set; } = 5;
    /// <summary>WB content host (cards): 100 requests a minute.</summary>
    public int WildberriesContentRequestsPerWindow { get; set; } = 100;
    public int OzonRequestsPerWindow { get; set; } = 80;
    /// <summary>OZON: one stock change per product-warehouse pair per 30 s.</summary>
    public TimeSpan OzonItemCooldown { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Check that OZON pushes come from OZON's published networks.</summary>
    public bool CheckWebhookSourceNetwork { get; set; } = true;
    public string[] OzonNetworks { get; set; } = ["195.34.21.0/24", "185.73.192.0/22", "91.223.93.0/24"];
    /// <summary>Pushes accepted from one source address per <see cref="WebhookWindowSeconds"/> (more → 429).</summary>
    public int WebhookPermitLimit { get; set; } = 120;
    public double WebhookWindowSeconds { get; set; } = 10;
    /// <summary>
    /// Hosts a marketplace api_base_url or WB settings URL may name besides each marketplace's official HTTPS
    /// hosts (a local fake, a proxy). Scheme http or https; a host with a port ("127.0.0.1:8080") allows that port only.
    /// </summary>
    public string[] AllowedApiHosts { get; set; } = [];
    /// <summary>How often the webhook processor looks for pending pushes when nothing woke it.</summary>
    public TimeSpan WebhookPollInterval { get; set; } = TimeSpan.FromSeconds(10);
    /// <summary>
    /// A claimed push is its worker's for this long, and its attempt may take no longer; a worker that
    /// died gives it back after it. Longer than one marketplace call with all its retries.
    /// </summary>
    public TimeSpan WebhookClaimLease { get; set; } = TimeSpan.FromMinutes(5);
}
