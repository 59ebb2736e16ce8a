using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace AmazingStore.Bot.Api;

/// <summary>
/// Keeps sends within Telegram's limits (about 30 messages/s overall, about 1/s per chat) by
/// waiting, so that we rarely meet a 429 at all. Per instance: several instances share Telegram's
/// budget, and the 429 handling covers what this cannot see.
/// </summary>
public sealed class BotRateLimiter : IAsyncDisposable
{
    private readonly TokenBucketRateLimiter _global;
    private readonly PartitionedRateLimiter<long> _perChat;

    public BotRateLimiter(IOptions<TelegramOptions> options)
    {
        var o = options.Value;
        _global = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, o.MessagesPerSecond),
            TokensPerPeriod = Math.Max(1, o.MessagesPerSecond),
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 100_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
        // One token per period; the period is what gives "N per second" for fractional rates.
        var period = TimeSpan.FromSeconds(1 / Math.Max(0.01, o.PerChatMessagesPerSecond));
        var burst = Math.Max(1, o.PerChatBurst);
        _perChat = PartitionedRateLimiter.Create<long, long>(chatId => RateLimitPartition.GetTokenBucketLimiter(chatId, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = burst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = period,
                QueueLimit = 10_000,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                AutoReplenishment = true,
            }));
    }

    /// <summary>Waits until one more message to this chat is within the limits.</summary>
    public async Task WaitAsync(long chatId, CancellationToken ct)
    {
        // Per chat first: a busy chat must not hold global tokens while it waits for its own.
        using (var chat = await _perChat.AcquireAsync(chatId, 1, ct))
            if (!chat.IsAcquired) throw new BotApiException("rate-limit", 429, "too many queued messages for one chat", TimeSpan.FromSeconds(1));
        using var all = await _global.AcquireAsync(1, ct);
        if (!all.IsAcquired) throw new BotApiException("rate-limit", 429, "too many queued messages", TimeSpan.FromSeconds(1));
    }

    public async ValueTask DisposeAsync()
    {
        await _global.DisposeAsync();
        await _perChat.DisposeAsync();
    }
}
