namespace AmazingStore.Bot;

/// <summary>The Telegram:* configuration keys (see API.md).</summary>
public sealed class TelegramOptions
{
    /// <summary>Empty = the bot is off.</summary>
    public string BotToken { get; set; } = "";
    /// <summary>Scheme, host and port only (Telegram.Bot drops any path); tests point it at a local fake.</summary>
    public string ApiBaseUrl { get; set; } = "https://api.telegram.org";
    /// <summary>Empty = long polling (when <see cref="PollingEnabled"/>).</summary>
    public string WebhookUrl { get; set; } = "";
    public string WebhookSecret { get; set; } = "";
    /// <summary>Off lets a host run with a token but without talking to Telegram for updates (tests, a second instance).</summary>
    public bool PollingEnabled { get; set; } = true;
    /// <summary>getUpdates long-poll timeout.</summary>
    public int PollingTimeoutSeconds { get; set; } = 25;
    public long OwnerChatId { get; set; }
    public long[] AdminIds { get; set; } = [];
    public string MiniAppUrl { get; set; } = "";
    /// <summary>initData older than this is refused; 0 = no age check.</summary>
    public int InitDataMaxAgeSeconds { get; set; } = 86400;
    /// <summary>Admin routes take initData no older than this (a leaked admin initData is worth less); 0 = only the check above.</summary>
    public int AdminInitDataMaxAgeSeconds { get; set; } = 3600;
    /// <summary>
    /// Demo mode without a bot: a token made up for this process, so the Mini App in a browser still goes through
    /// the real initData check. Set in code, never from configuration; the bot stays off (<see cref="Enabled"/>).
    /// </summary>
    public string DemoSigningToken { get; set; } = "";
    /// <summary>The default low-stock minimum (a product's min_stock overrides it): /stock marks by it, alerts fire below it.</summary>
    public int LowStockThreshold { get; set; } = 5;
    /// <summary>A payment method (Payments:ProviderToken, Payments:StarsEnabled) is on. Set in code from the Payments section.</summary>
    public bool AcceptPayments { get; set; }
    /// <summary>The low-stock alert's default minimum when it should differ from <see cref="LowStockThreshold"/> (0 = only products with their own).</summary>
    public int? LowStockAlertDefault { get; set; }
    /// <summary>More new-order messages than this waiting for the owner are sent as one summary (0 = never).</summary>
    public int OwnerBurstThreshold { get; set; } = 5;
    /// <summary>Per Bot API call (getUpdates adds its long-poll timeout on top).</summary>
    public int RequestTimeoutSeconds { get; set; } = 10;
    /// <summary>Telegram: about 30 messages/s overall.</summary>
    public int MessagesPerSecond { get; set; } = 30;
    /// <summary>Telegram: about 1 message/s per chat on average...</summary>
    public double PerChatMessagesPerSecond { get; set; } = 1;
    /// <summary>...with a short burst allowed, so that one page of /orders does not take five seconds.</summary>
    public int PerChatBurst { get; set; } = 5;
    /// <summary>How often workers look for updates another instance recorded (in-process ones wake them at once).</summary>
    public int UpdatePollMilliseconds { get; set; } = 1000;
    /// <summary>An update is tried this often at most (only database blinks and instance crashes retry it).</summary>
    public int UpdateMaxAttempts { get; set; } = 5;
    /// <summary>Items per page of /orders and /stock.</summary>
    public int PageSize { get; set; } = 5;

    /// <summary>Telegram:CircuitBreaker:* — stop calling a Bot API that keeps failing.</summary>
    public BotCircuitBreakerOptions CircuitBreaker { get; set; } = new();

    public bool Enabled => !string.IsNullOrWhiteSpace(BotToken);
    /// <summary>The token initData is signed with: the bot's, or in demo mode without one the made-up one.</summary>
    public string InitDataToken => string.IsNullOrEmpty(BotToken) ? DemoSigningToken : BotToken;
    /// <summary>"&lt;bot id&gt;:&lt;secret&gt;", the shape Telegram.Bot accepts.</summary>
    public bool HasWellFormedToken => BotToken.IndexOf(':') is > 0 and <= 16 and var colon && long.TryParse(BotToken.AsSpan(0, colon), out _);
    public bool UseWebhook => !string.IsNullOrWhiteSpace(WebhookUrl);
    public bool IsAdmin(long telegramId) => Array.IndexOf(AdminIds, telegramId) >= 0;
}

/// <summary>
/// The Bot API breaker: opens when at least <see cref="FailureRatio"/> of the calls in
/// <see cref="SamplingDuration"/> (and at least <see cref="MinimumThroughput"/> of them) got no reply,
/// a timeout or a 5xx; stays open for <see cref="BreakDuration"/>, then lets one call probe.
/// </summary>
public sealed class BotCircuitBreakerOptions
{
    public bool Enabled { get; set; } = true;
    public double FailureRatio { get; set; } = 0.5;
    public int MinimumThroughput { get; set; } = 5;
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);
}
