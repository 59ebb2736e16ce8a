using AmazingStore.Bot.Api;
using AmazingStore.Data.Outbox;

namespace AmazingStore.Bot.Notifications;

/// <summary>Turns Bot API failures into what the outbox dispatcher understands.</summary>
internal static class BotDelivery
{
    public static async Task RunAsync(Func<Task> send)
    {
        try { await send(); }
        catch (BotApiException e) when (e.IsCircuitOpen)
        {
            // Nothing was sent: wait out the break, and do not spend one of the row's attempts on it.
            throw new OutboxRetryLaterException(e.RetryAfter ?? TimeSpan.FromSeconds(1), e.Message, countsAsAttempt: false);
        }
        catch (BotApiException e) when (e.IsRateLimited)
        {
            throw new OutboxRetryLaterException(e.RetryAfter ?? TimeSpan.FromSeconds(1), e.Message);
        }
        catch (BotApiException e) when (e.IsPermanent)
        {
            // Bad chat id, blocked bot, rejected markup: the same message will be refused again.
            throw new OutboxPermanentFailureException(e.Message);
        }
        // Anything else (5xx, no reply, timeout) goes back to the dispatcher as a retry with backoff.
    }
}
