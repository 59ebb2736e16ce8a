namespace AmazingStore.Bot.Api;

/// <summary>
/// How far one (possibly split) message has got: the parts Telegram accepted so far. Sending again
/// with the same progress resumes at the first part not yet sent, so a chat never shows a part twice
/// because a later one met a 429. <paramref name="onPartSent"/> lets a caller keep the count beyond
/// this process (see the outbox handlers).
/// </summary>
public sealed class SendProgress(int partsSent = 0, Func<int, CancellationToken, Task>? onPartSent = null)
{
    public int PartsSent { get; private set; } = Math.Max(0, partsSent);

    internal async Task PartSentAsync(CancellationToken ct)
    {
        PartsSent++;
        if (onPartSent is not null) await onPartSent(PartsSent, ct);
    }
}
