using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;

namespace AmazingStore.Bot.Api;

/// <summary>
/// A Bot API call that did not succeed, as the store classifies it. ErrorCode is Telegram's error_code
/// (or the HTTP status when the reply was not the Bot API envelope); 0 = no reply at all (connection
/// failed or timed out). An <see cref="ApiRequestException"/>, so code written against the library's
/// exceptions catches it too. The message never contains the request URL: it carries the token.
/// </summary>
public sealed class BotApiException(string method, int errorCode, string description, TimeSpan? retryAfter = null,
    Exception? inner = null, bool circuitOpen = false, ResponseParameters? parameters = null)
    : ApiRequestException($"Bot API {method} failed: {(errorCode == 0 ? "" : errorCode + " ")}{description}", errorCode, parameters, inner!)
{
    public string Method { get; } = method;
    public string Description { get; } = description;
    /// <summary>Set on 429 (and when the circuit is open): wait this long before the next call.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    public bool IsRateLimited => ErrorCode == 429;

    /// <summary>Not sent at all: the circuit breaker is open (the Bot API kept failing); try after <see cref="RetryAfter"/>.</summary>
    public bool IsCircuitOpen { get; } = circuitOpen;

    /// <summary>The group became a supergroup with this id: the same message to the new id can go through.</summary>
    public long? MigrateToChatId => Parameters?.MigrateToChatId;

    /// <summary>Telegram refused the request itself (bad chat, blocked bot, bad markup): sending it again cannot help.</summary>
    public bool IsPermanent => ErrorCode is 400 or 403 or 404;

    /// <summary>editMessageText with the text the message already has; nothing to do.</summary>
    public bool IsMessageNotModified => ErrorCode == 400 && Description.Contains("message is not modified", StringComparison.OrdinalIgnoreCase);
}
