using System.Security.Cryptography;
using System.Text;
using AmazingStore.Bot.Api;
using AmazingStore.Data.Outbox;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AmazingStore.Bot.Notifications;

/// <summary>
/// Keeps, per outbox row, how many parts of its message Telegram accepted (telegram_send_progress),
/// so that the dispatcher's next attempt after a 429, a 5xx or a timeout resumes at the first part
/// not yet sent. Counting the last part too means a row whose "done" write was lost sends nothing
/// when it is claimed again.
/// </summary>
public sealed class OutboxSendProgress(NpgsqlDataSource dataSource, ILogger<OutboxSendProgress> log)
{
    // Recording runs after Telegram accepted a part: neither a shutdown nor a slow database may make it forget that.
    private static readonly TimeSpan SaveTimeout = TimeSpan.FromSeconds(5);

    /// <summary>The parts of this text already sent for this row; a different text (the order changed since) starts over.</summary>
    public async Task<SendProgress> LoadAsync(OutboxItem item, string html, CancellationToken ct)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(html));
        await using var cmd = dataSource.CreateCommand(
            "SELECT parts_sent FROM telegram_send_progress WHERE outbox_id = $1 AND text_hash = $2");
        cmd.Parameters.AddWithValue(item.Id);
        cmd.Parameters.AddWithValue(hash);
        var sent = await cmd.ExecuteScalarAsync(ct) is int n ? n : 0;
        return new SendProgress(sent, (parts, _) => SaveAsync(item.Id, hash, parts));
    }

    private async Task SaveAsync(long outboxId, byte[] hash, int partsSent)
    {
        using var timeout = new CancellationTokenSource(SaveTimeout);
        try
        {
            await using var cmd = dataSource.CreateCommand("""
                INSERT INTO telegram_send_progress (outbox_id, text_hash, parts_sent) VALUES ($1, $2, $3)
                ON CONFLICT (outbox_id) DO UPDATE SET text_hash = EXCLUDED.text_hash, parts_sent = EXCLUDED.parts_sent, updated_at = now()
                """);
            cmd.Parameters.AddWithValue(outboxId);
            cmd.Parameters.AddWithValue(hash);
            cmd.Parameters.AddWithValue(partsSent);
            await cmd.ExecuteNonQueryAsync(timeout.Token);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or OperationCanceledException)
        {
            // The part is in the chat; failing the attempt now would only send it again. A lost count
            // matters only if a later part fails too, and then costs a repeat, as before this table.
            log.LogWarning("Outbox #{Id}: could not record {Parts} sent part(s) ({Error})", outboxId, partsSent, e.Message);
        }
    }
}
