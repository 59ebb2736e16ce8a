namespace AmazingStore.Data.Outbox;

/// <summary>One claimed outbox row handed to its handler.</summary>
public sealed record OutboxItem(long Id, string Type, string Payload, int Attempt);

/// <summary>
/// Delivers outbox rows of one type. Throwing means "not delivered": the row is retried with
/// backoff and marked failed after the configured number of attempts.
/// </summary>
public interface IOutboxHandler
{
    string Type { get; }
    Task HandleAsync(OutboxItem item, CancellationToken ct);

    /// <summary>
    /// True when one delivery covers every row of the type written before it (e.g. "push whatever
    /// changed"): the dispatcher then runs the handler once for all the rows it claims together.
    /// </summary>
    bool Coalesces => false;
}

/// <summary>
/// The peer asked us to wait (e.g. HTTP 429 retry_after) before the next attempt. With
/// <c>countsAsAttempt: false</c> (nothing was sent, e.g. an open circuit breaker) the row keeps its
/// attempt count, so a long outage delays messages instead of failing them.
/// </summary>
public sealed class OutboxRetryLaterException(TimeSpan delay, string message, bool countsAsAttempt = true) : Exception(message)
{
    public TimeSpan Delay { get; } = delay;
    public bool CountsAsAttempt { get; } = countsAsAttempt;
}

/// <summary>Retrying cannot help (e.g. the peer rejected the message as invalid): fail the row now.</summary>
public sealed class OutboxPermanentFailureException(string message) : Exception(message);

public sealed class OutboxOptions
{
    public int MaxAttempts { get; set; } = 8;
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>How often to look for due retries when no NOTIFY arrives.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
    /// <summary>A claimed row whose instance died is claimed again after this long.</summary>
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);
    public int BatchSize { get; set; } = 20;
    /// <summary>
    /// A coalescing handler (one run covers every waiting row) woken within a second of its last run
    /// waits this long first, so a burst of orders becomes one marketplace push instead of one per order.
    /// </summary>
    public TimeSpan CoalesceDelay { get; set; } = TimeSpan.FromMilliseconds(250);
    /// <summary>Delivered rows are kept this long for inspection, then deleted (failed rows stay).</summary>
    public TimeSpan RetainDone { get; set; } = TimeSpan.FromDays(7);
    /// <summary>How often each type's loop deletes delivered rows past <see cref="RetainDone"/>.</summary>
    public TimeSpan PruneInterval { get; set; } = TimeSpan.FromHours(1);
}
