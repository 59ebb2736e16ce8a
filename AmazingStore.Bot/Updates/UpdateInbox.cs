using Npgsql;

namespace AmazingStore.Bot.Updates;

/// <summary>
/// Records incoming Telegram updates by update_id (webhook and polling alike). A re-sent update
/// is recorded once; <see cref="UpdateWorker"/> then handles each row once.
/// </summary>
public sealed class UpdateInbox(NpgsqlDataSource dataSource)
{
    public const string PollingOffsetKey = "telegram.polling_offset";

    private readonly SemaphoreSlim _wake = new(0);

    /// <summary>Released when this instance recorded something; workers wait on it.</summary>
    internal SemaphoreSlim Wake => _wake;

    /// <returns>True when this update_id was new.</returns>
    public async Task<bool> RecordAsync(long updateId, string json, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "INSERT INTO processed_updates (update_id, payload) VALUES ($1, $2::jsonb) ON CONFLICT (update_id) DO NOTHING");
        cmd.Parameters.AddWithValue(updateId);
        cmd.Parameters.AddWithValue(json);
        var inserted = await cmd.ExecuteNonQueryAsync(ct) == 1;
        if (inserted) Signal();
        return inserted;
    }

    /// <summary>Polling: the batch and the next offset in one transaction, so a restart neither skips nor repeats.</summary>
    public async Task RecordPolledAsync(IReadOnlyList<(long UpdateId, string Json)> updates, long nextOffset, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var batch = new NpgsqlBatch(conn, tx))
        {
            foreach (var (id, json) in updates)
            {
                var insert = new NpgsqlBatchCommand(
                    "INSERT INTO processed_updates (update_id, payload) VALUES ($1, $2::jsonb) ON CONFLICT (update_id) DO NOTHING");
                insert.Parameters.AddWithValue(id);
                insert.Parameters.AddWithValue(json);
                batch.BatchCommands.Add(insert);
            }
            var offset = new NpgsqlBatchCommand("""
                INSERT INTO bot_state (key, value) VALUES ($1, $2)
                ON CONFLICT (key) DO UPDATE SET value = GREATEST(bot_state.value::bigint, EXCLUDED.value::bigint)::text
                """);
            offset.Parameters.AddWithValue(PollingOffsetKey);
            offset.Parameters.AddWithValue(nextOffset.ToString(System.Globalization.CultureInfo.InvariantCulture));
            batch.BatchCommands.Add(offset);
            await batch.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        if (updates.Count > 0) Signal();
    }

    public async Task<long?> PollingOffsetAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("SELECT value FROM bot_state WHERE key = $1");
        cmd.Parameters.AddWithValue(PollingOffsetKey);
        return await cmd.ExecuteScalarAsync(ct) is string s && long.TryParse(s, out var offset) ? offset : null;
    }

    private void Signal()
    {
        if (_wake.CurrentCount < 16) _wake.Release();
    }
}
