using AmazingStore.Data.Observability;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Requests;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types.Enums;

namespace AmazingStore.Bot.Api;

/// <summary>
/// Telegram.Bot's client, with what the store adds on every call: sends wait on
/// <see cref="BotRateLimiter"/>; every call has a timeout and goes through one circuit breaker
/// (Telegram:CircuitBreaker), so a Bot API that keeps timing out or answering 5xx is left alone for the
/// break instead of being hammered by every outbox row; and every failure arrives as a
/// <see cref="BotApiException"/> the outbox understands. The library's own 429 retry is off: it would
/// hold a worker for up to a minute, while the outbox reschedules the row by retry_after instead.
/// It owns a plain HttpClient: one from IHttpClientFactory logs request URLs, and with them the token.
/// </summary>
public sealed class StoreTelegramBotClient : TelegramBotClient, IDisposable
{
    /// <summary>The update kinds the bot handles (setWebhook and getUpdates alike).</summary>
    public static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.CallbackQuery];

    /// <summary>With Telegram payments on, pre_checkout_query too: Telegram sends only the kinds asked for.</summary>
    public static UpdateType[] AllowedUpdatesFor(TelegramOptions o) =>
        o.AcceptPayments ? [.. AllowedUpdates, UpdateType.PreCheckoutQuery] : AllowedUpdates;

    private readonly HttpClient _http;
    private readonly TelegramOptions _options;
    private readonly BotRateLimiter _limiter;
    private readonly ILogger<StoreTelegramBotClient> _log;
    private readonly ResiliencePipeline? _breaker;
    private readonly IDisposable? _circuitGauge;

    public StoreTelegramBotClient(IOptions<TelegramOptions> options, BotRateLimiter limiter, ILogger<StoreTelegramBotClient> log)
        : this(options.Value, limiter, log, NewHttpClient(options.Value)) { }

    private StoreTelegramBotClient(TelegramOptions options, BotRateLimiter limiter, ILogger<StoreTelegramBotClient> log, HttpClient http)
        : base(new TelegramBotClientOptions(options.BotToken, options.ApiBaseUrl) { RetryThreshold = 0, RetryCount = 0 }, http)
    {
        _http = http;
        _options = options;
        _limiter = limiter;
        _log = log;
        var cb = _options.CircuitBreaker;
        var state = new CircuitBreakerStateProvider();
        if (cb.Enabled) _circuitGauge = StoreMetrics.WatchCircuit("telegram", () => state.CircuitState is CircuitState.Open or CircuitState.Isolated);
        if (cb.Enabled)
            _breaker = new ResiliencePipelineBuilder { Name = "telegram" }
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions
                {
                    StateProvider = state,
                    FailureRatio = cb.FailureRatio,
                    MinimumThroughput = Math.Max(2, cb.MinimumThroughput),
                    SamplingDuration = cb.SamplingDuration,
                    BreakDuration = cb.BreakDuration,
                    // Only an unreachable or broken peer counts; Telegram refusing a request (4xx, 429) is an answer.
                    ShouldHandle = new PredicateBuilder().Handle<BotApiException>(e => e.ErrorCode == 0 || e.ErrorCode >= 500),
                    OnOpened = args =>
                    {
                        _log.LogWarning("Bot API circuit opened for {Break} after repeated failures", args.BreakDuration);
                        return ValueTask.CompletedTask;
                    },
                    OnClosed = _ =>
                    {
                        _log.LogInformation("Bot API circuit closed: calls go through again");
                        return ValueTask.CompletedTask;
                    },
                })
                .Build();
    }

    private static HttpClient NewHttpClient(TelegramOptions o) => new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, o.RequestTimeoutSeconds)),
    })
    { Timeout = System.Threading.Timeout.InfiniteTimeSpan }; // per call instead, see CallAsync

    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(Math.Max(1, _options.RequestTimeoutSeconds));

    public override async Task<TResponse> SendRequest<TResponse>(IRequest<TResponse> request, CancellationToken cancellationToken = default)
    {
        var wire = request as WireRequest<TResponse> ?? new WireRequest<TResponse>(request);
        if (ChatLimited(wire.Inner) is { } chatId) await _limiter.WaitAsync(chatId, cancellationToken);
        if (_breaker is null) return await CallAsync(wire, cancellationToken);
        try
        {
            return await _breaker.ExecuteAsync(static async (state, token) => await state.Self.CallAsync(state.wire, token),
                (Self: this, wire), cancellationToken);
        }
        catch (BrokenCircuitException e)
        {
            var wait = e.RetryAfter is { } left && left > TimeSpan.Zero ? left : _options.CircuitBreaker.BreakDuration;
            StoreMetrics.BotApiError(wire.MethodName, "circuit_open");
            throw new BotApiException(wire.MethodName, 0, "not sent: the circuit is open after repeated failures", wait, circuitOpen: true);
        }
    }

    /// <summary>Messages that land in a chat count against Telegram's per-chat and global limits.</summary>
    private static long? ChatLimited(IRequest request) =>
        request is IChatTargetable { ChatId.Identifier: { } chatId }
        && (request.MethodName.StartsWith("send", StringComparison.Ordinal) || request.MethodName.StartsWith("edit", StringComparison.Ordinal)
            || request.MethodName.StartsWith("copy", StringComparison.Ordinal) || request.MethodName.StartsWith("forward", StringComparison.Ordinal))
            ? chatId : null;

    private async Task<TResponse> CallAsync<TResponse>(WireRequest<TResponse> request, CancellationToken ct)
    {
        var method = request.MethodName;
        // A long poll is allowed its own timeout on top of the normal one.
        var timeout = RequestTimeout + (request.Inner is GetUpdatesRequest { Timeout: int poll and > 0 } ? TimeSpan.FromSeconds(poll) : TimeSpan.Zero);
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout);
        try
        {
            return await base.SendRequest(request, timeoutCts.Token);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (OperationCanceledException e)
        {
            StoreMetrics.BotApiError(method, "timeout");
            throw new BotApiException(method, 0, "no reply in time", inner: Scrub(e));
        }
        catch (ApiRequestException e)
        {
            // Telegram's own answer: {"ok":false,"error_code":..,"description":..,"parameters":{..}}.
            var description = Redact(e.Message);
            TimeSpan? retryAfter = e.Parameters?.RetryAfter is { } seconds ? TimeSpan.FromSeconds(seconds) : null;
            if (e.ErrorCode == 429) retryAfter ??= TimeSpan.FromSeconds(1);
            _log.LogWarning("Bot API {Method} answered {Code}: {Description}", method, e.ErrorCode, description);
            StoreMetrics.BotApiError(method, e.ErrorCode == 429 ? "rate_limited" : "api_" + e.ErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture));
            throw new BotApiException(method, e.ErrorCode, description, retryAfter, parameters: e.Parameters);
        }
        catch (RequestException e) when (e.HttpStatusCode is { } status)
        {
            // An answer that is not the Bot API envelope: a proxy, an outage page, or a result of an unexpected shape.
            _log.LogWarning("Bot API {Method} answered HTTP {Status} without a Bot API reply", method, (int)status);
            StoreMetrics.BotApiError(method, "http_" + ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture));
            throw new BotApiException(method, (int)status, status == System.Net.HttpStatusCode.OK ? "unexpected result" : $"HTTP {(int)status}", inner: Scrub(e));
        }
        catch (RequestException e)
        {
            StoreMetrics.BotApiError(method, "network");
            throw new BotApiException(method, 0, Redact(e.InnerException?.Message ?? e.Message), inner: Scrub(e));
        }
    }

    /// <summary>Belt and braces: nothing that reaches a log or a database row may carry the token.</summary>
    private string Redact(string text) =>
        string.IsNullOrEmpty(_options.BotToken) ? text : text.Replace(_options.BotToken, "***", StringComparison.Ordinal);

    // Inner exceptions are kept only by type and redacted message.
    private InvalidOperationException Scrub(Exception e) => new($"{e.GetType().Name}: {Redact(e.Message)}");

    public void Dispose()
    {
        _circuitGauge?.Dispose();
        _http.Dispose();
    }
}
