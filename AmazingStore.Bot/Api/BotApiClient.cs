using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;

namespace AmazingStore.Bot.Api;

/// <summary>
/// A small typed Bot API client: <c>POST {base}/bot{token}/{method}</c> with a JSON body, the
/// <c>{"ok":..}</c> envelope unwrapped, failures as <see cref="BotApiException"/> (429 with its
/// retry_after). It owns a plain HttpClient rather than one from IHttpClientFactory, whose logging
/// handler would write the request URL, and with it the token, into the log. Sends wait on
/// <see cref="BotRateLimiter"/>. Every call goes through one circuit breaker (Telegram:CircuitBreaker):
/// a Bot API that keeps timing out or answering 5xx is left alone for the break instead of being
/// hammered by every outbox row, and callers fail fast with <see cref="BotApiException.IsCircuitOpen"/>.
/// </summary>
public sealed class BotApiClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly TelegramOptions _options;
    private readonly BotRateLimiter _limiter;
    private readonly ILogger<BotApiClient> _log;
    private readonly string _baseUrl;
    private readonly ResiliencePipeline? _breaker;

    public BotApiClient(IOptions<TelegramOptions> options, BotRateLimiter limiter, ILogger<BotApiClient> log)
    {
        _options = options.Value;
        _limiter = limiter;
        _log = log;
        _baseUrl = _options.ApiBaseUrl.TrimEnd('/');
        _http = new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(Math.Max(1, _options.RequestTimeoutSeconds)),
        })
        { Timeout = Timeout.InfiniteTimeSpan }; // per call instead, see CallAsync
        var cb = _options.CircuitBreaker;
        if (cb.Enabled)
            _breaker = new ResiliencePipelineBuilder { Name = "telegram" }
                .AddCircuitBreaker(new CircuitBreakerStrategyOptions
                {
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

    public TimeSpan RequestTimeout => TimeSpan.FromSeconds(Math.Max(1, _options.RequestTimeoutSeconds));

    public Task<IReadOnlyList<JsonElement>> GetUpdatesAsync(long? offset, int timeoutSeconds, CancellationToken ct) =>
        CallAsync<IReadOnlyList<JsonElement>>("getUpdates",
            new { offset, timeout = timeoutSeconds, allowed_updates = AllowedUpdates },
            ct, RequestTimeout + TimeSpan.FromSeconds(timeoutSeconds));

    public Task SetWebhookAsync(string url, string secretToken, CancellationToken ct) =>
        CallAsync<bool>("setWebhook", new { url, secret_token = secretToken, allowed_updates = AllowedUpdates }, ct);

    public Task DeleteWebhookAsync(CancellationToken ct) =>
        CallAsync<bool>("deleteWebhook", new { drop_pending_updates = false }, ct);

    public Task SetMyCommandsAsync(IReadOnlyList<BotCommand> commands, BotCommandScope scope, CancellationToken ct) =>
        CallAsync<bool>("setMyCommands", new { commands, scope }, ct);

    public Task SetChatMenuButtonAsync(MenuButton menuButton, CancellationToken ct) =>
        CallAsync<bool>("setChatMenuButton", new { menu_button = menuButton }, ct);

    public async Task<Message> SendMessageAsync(long chatId, string html, InlineKeyboardMarkup? replyMarkup, CancellationToken ct)
    {
        await _limiter.WaitAsync(chatId, ct);
        return await CallAsync<Message>("sendMessage", new
        {
            chat_id = chatId,
            text = html,
            parse_mode = "HTML",
            link_preview_options = new { is_disabled = true },
            reply_markup = replyMarkup,
        }, ct);
    }

    public async Task EditMessageTextAsync(long chatId, long messageId, string html, InlineKeyboardMarkup? replyMarkup, CancellationToken ct)
    {
        await _limiter.WaitAsync(chatId, ct);
        try
        {
            await CallAsync<JsonElement>("editMessageText", new
            {
                chat_id = chatId,
                message_id = messageId,
                text = html,
                parse_mode = "HTML",
                link_preview_options = new { is_disabled = true },
                reply_markup = replyMarkup,
            }, ct);
        }
        catch (BotApiException e) when (e.IsMessageNotModified) { /* it already says this */ }
    }

    public Task AnswerCallbackQueryAsync(string callbackQueryId, string? text, bool showAlert, CancellationToken ct) =>
        CallAsync<bool>("answerCallbackQuery", new { callback_query_id = callbackQueryId, text, show_alert = showAlert ? true : (bool?)null }, ct);

    private static readonly string[] AllowedUpdates = ["message", "callback_query"];

    public async Task<T> CallAsync<T>(string method, object body, CancellationToken ct, TimeSpan? timeout = null)
    {
        if (_breaker is null) return await SendAsync<T>(method, body, ct, timeout);
        try
        {
            return await _breaker.ExecuteAsync(static async (state, token) =>
                await state.Self.SendAsync<T>(state.method, state.body, token, state.timeout), (Self: this, method, body, timeout), ct);
        }
        catch (BrokenCircuitException e)
        {
            var wait = e.RetryAfter is { } left && left > TimeSpan.Zero ? left : _options.CircuitBreaker.BreakDuration;
            throw new BotApiException(method, 0, "not sent: the circuit is open after repeated failures", wait, circuitOpen: true);
        }
    }

    private async Task<T> SendAsync<T>(string method, object body, CancellationToken ct, TimeSpan? timeout)
    {
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeoutCts.CancelAfter(timeout ?? RequestTimeout);
        var json = JsonSerializer.Serialize(body, BotJson.Options);
        HttpStatusCode status;
        string reply;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{_baseUrl}/bot{_options.BotToken}/{method}")
            {
                Content = new StringContent(json, Encoding.UTF8, "application/json"),
            };
            using var response = await _http.SendAsync(request, timeoutCts.Token);
            status = response.StatusCode;
            reply = await response.Content.ReadAsStringAsync(timeoutCts.Token);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (OperationCanceledException e)
        {
            throw new BotApiException(method, 0, "no reply in time", inner: Scrub(e));
        }
        catch (HttpRequestException e)
        {
            throw new BotApiException(method, 0, Redact(e.Message), inner: Scrub(e));
        }

        JsonNode? envelope = null;
        try { envelope = JsonNode.Parse(reply); } catch (JsonException) { }
        if (envelope is JsonObject obj && obj["ok"]?.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            if (obj["ok"]!.GetValue<bool>())
            {
                // A result of an unexpected shape is the peer's fault, reported like any failed call.
                try { return obj["result"].Deserialize<T>(BotJson.Options)!; }
                catch (JsonException e) { throw new BotApiException(method, (int)status, "unexpected result", inner: Scrub(e)); }
            }
            var code = obj["error_code"]?.GetValueKind() == JsonValueKind.Number ? obj["error_code"]!.GetValue<int>() : (int)status;
            var description = obj["description"]?.GetValueKind() == JsonValueKind.String ? obj["description"]!.GetValue<string>() : status.ToString();
            TimeSpan? retryAfter = obj["parameters"]?["retry_after"]?.GetValueKind() == JsonValueKind.Number
                ? TimeSpan.FromSeconds(obj["parameters"]!["retry_after"]!.GetValue<double>()) : null;
            if (code == 429) retryAfter ??= TimeSpan.FromSeconds(1);
            _log.LogWarning("Bot API {Method} answered {Code}: {Description}", method, code, Redact(description));
            throw new BotApiException(method, code, Redact(description), retryAfter);
        }
        // Not the Bot API envelope: a proxy or an outage page.
        _log.LogWarning("Bot API {Method} answered HTTP {Status} without a Bot API reply", method, (int)status);
        throw new BotApiException(method, (int)status, $"HTTP {(int)status}");
    }

    /// <summary>Belt and braces: nothing that reaches a log or a database row may carry the token.</summary>
    private string Redact(string text) =>
        string.IsNullOrEmpty(_options.BotToken) ? text : text.Replace(_options.BotToken, "***", StringComparison.Ordinal);

    // Inner exceptions are kept only by type and redacted message.
    private Exception Scrub(Exception e) => new InvalidOperationException($"{e.GetType().Name}: {Redact(e.Message)}");

    public void Dispose() => _http.Dispose();
}
