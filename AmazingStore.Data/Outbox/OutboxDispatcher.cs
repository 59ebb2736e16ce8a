using AmazingStore.Data.Signals;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Data.Outbox;

/// <summary>
/// Drains the outbox: one loop per message type (so a slow marketplace push never delays an owner
/// notification), rows claimed with FOR UPDATE SKIP LOCKED so that several instances share the
/// work, woken by NOTIFY on insert and by a short poll for due retries.
/// </summary>
/// <remarks>
/// The bot's update inbox (UpdateWorker) and the marketplace webhooks (WebhookClaims) claim rows the same
/// way — a lease (locked/claimed_until), attempts + 1 in the claim, given up as 'failed' — but are kept
/// apart on purpose (issue 15): this loop claims a batch per type, waits between tries with jittered
/// backoff (next_attempt_at) and coalesces pushes; the inbox claims one update at a time and never
/// overtakes an earlier update of the same chat, with no backoff (a Telegram update is stale in
/// seconds); the webhooks fence the outcome on the attempt number so a late worker cannot overwrite a
/// newer one. A shared class would be one parameter per difference, for a 15-line UPDATE each.
/// </remarks>
public sealed class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    IEnumerable<IOutboxHandler> handlers,
    DbSignals signals,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    private readonly OutboxOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var loops = handlers.GroupBy(h => h.Type).Select(g =>
        {
            if (g.Count() > 1) throw new InvalidOperationException($"Two outbox handlers for type {g.Key}");
            return RunAsync(g.Single(), stoppingToken);
        }).ToList();
        return Task.WhenAll(loops);
    }

    private async Task RunAsync(IOutboxHandler handler, CancellationToken ct)
    {
        using var wake = new SemaphoreSlim(0);
        using var subscription = signals.Subscribe(DbChannels.Outbox, type =>
        {
            if (type is null || type == handler.Type) { if (wake.CurrentCount == 0) wake.Release(); }
        });
        var failures = 0;
        var nextPrune = DateTimeOffset.MinValue;
        var lastRun = DateTimeOffset.MinValue;
        while (!ct.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var batch = handler.Coalesces ? CoalescedBatchSize : _options.BatchSize;
                var claimed = await ClaimAsync(handler.Type, batch, ct);
                if (claimed.Count > 0) lastRun = clock.GetUtcNow();
                if (handler.Coalesces && claimed.Count > 1)
                {
                    // One run covers every row claimed with it: deliver the newest, settle the rest by its outcome.
                    var done = await DeliverAsync(handler, claimed[^1], ct);
                    await SettleCoveredAsync(claimed.SkipLast(1).Select(i => i.Id).ToArray(), claimed[^1].Id, done);
                }
                else
                    foreach (var item in claimed)
                        await DeliverAsync(handler, item, ct);
                failures = 0;
                if (claimed.Count == batch) continue;
                if (clock.GetUtcNow() >= nextPrune)
                {
                    await PruneAsync(handler.Type, ct);
                    nextPrune = clock.GetUtcNow() + _options.PruneInterval;
                }
                wait = await UntilNextDueAsync(handler.Type, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                // The database is away: keep trying, a little slower each time.
                failures++;
                wait = TimeSpan.FromMilliseconds(Math.Min(200 * Math.Pow(2, failures), 5000));
                log.LogWarning("Outbox {Type}: could not claim work ({Error}); retrying in {Wait}", handler.Type, e.Message, wait);
            }
            try
            {
                // Under a stream of wake-ups (the last run was moments ago) a coalescing handler waits a
                // little so that one run covers the burst; a lone change still goes at once.
                if (await wake.WaitAsync(wait, ct) && handler.Coalesces && _options.CoalesceDelay > TimeSpan.Zero
                    && clock.GetUtcNow() - lastRun < TimeSpan.FromSeconds(1))
                    await Task.Delay(_options.CoalesceDelay, clock, ct);
            }
            catch (OperationCanceledException) { return; }
        }
    }

    private const int CoalescedBatchSize = 500;

    /// <summary>Delivered rows past their retention go, so the table (and every claim) stays small.</summary>
    private async Task PruneAsync(string type, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand(
            "DELETE FROM outbox_messages WHERE type = $1 AND status = 'done' AND processed_at < now() - $2");
        cmd.Parameters.AddWithValue(type);
        cmd.Parameters.AddWithValue(_options.RetainDone);
        var deleted = await cmd.ExecuteNonQueryAsync(ct);
        if (deleted > 0) log.LogInformation("Outbox {Type}: deleted {Count} delivered rows older than {Retain}", type, deleted, _options.RetainDone);
    }

    private async Task<List<OutboxItem>> ClaimAsync(string type, int batch, CancellationToken ct)
    {
        // A claim need not wait for the disk: if a crash loses it, the row is simply claimed again.
        await using var claim = dataSource.CreateBatch();
        claim.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        claim.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"));
        var cmd = new NpgsqlBatchCommand("""
            UPDATE outbox_messages m
               SET status = 'processing', attempts = m.attempts + 1, locked_until = now() + $3
              FROM (SELECT id FROM outbox_messages
                     WHERE type = $1 AND status IN ('pending', 'processing')
                       AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())
                     -- "+ 0": ordering by the primary key let the planner walk every delivered row
                     -- before the first due one; this way it reads the due index of this type only.
                     ORDER BY id + 0 LIMIT $2 FOR UPDATE SKIP LOCKED) c
             WHERE m.id = c.id
            RETURNING m.id, m.payload::text, m.attempts
            """);
        cmd.Parameters.AddWithValue(type);
        cmd.Parameters.AddWithValue(batch);
        cmd.Parameters.AddWithValue(_options.LockTimeout);
        claim.BatchCommands.Add(cmd);
        claim.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        var items = new List<OutboxItem>();
        await using var reader = await claim.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            items.Add(new OutboxItem(reader.GetInt64(0), type, reader.GetString(1), reader.GetInt32(2)));
        return items.OrderBy(i => i.Id).ToList();
    }

    /// <returns>True when the row was delivered.</returns>
    private async Task<bool> DeliverAsync(IOutboxHandler handler, OutboxItem item, CancellationToken ct)
    {
        // A batch is delivered row after row; behind a slow peer a later row's claim can expire and
        // another instance take it. Renew the claim right before this row's send, and leave the row
        // alone when it is no longer ours (its attempt count moved on), or both would send it.
        if (!await RenewClaimAsync(item, ct)) return false;
        try
        {
            await handler.HandleAsync(item, ct);
            await FinishAsync(item.Id, "done", null, null, CancellationToken.None);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down: hand the row back untouched by this attempt.
            await FinishAsync(item.Id, "pending", TimeSpan.Zero, "interrupted by shutdown", CancellationToken.None, countAttempt: false);
            return false;
        }
        catch (OutboxPermanentFailureException e)
        {
            log.LogError("Outbox {Type} #{Id} failed permanently: {Error}", item.Type, item.Id, e.Message);
            await FinishAsync(item.Id, "failed", null, e.Message, CancellationToken.None);
            return false;
        }
        catch (OutboxRetryLaterException e) when (!e.CountsAsAttempt)
        {
            log.LogInformation("Outbox {Type} #{Id} not sent ({Error}); next try in {Delay}", item.Type, item.Id, e.Message, e.Delay);
            await FinishAsync(item.Id, "pending", e.Delay, e.Message, CancellationToken.None, countAttempt: false);
            return false;
        }
        catch (Exception e)
        {
            var error = e.Message;
            if (item.Attempt >= _options.MaxAttempts)
            {
                log.LogError("Outbox {Type} #{Id} failed after {Attempts} attempts: {Error}", item.Type, item.Id, item.Attempt, error);
                await FinishAsync(item.Id, "failed", null, error, CancellationToken.None);
                return false;
            }
            var delay = e is OutboxRetryLaterException later ? later.Delay : Backoff(item.Attempt);
            log.LogWarning("Outbox {Type} #{Id} attempt {Attempt} failed: {Error}; next try in {Delay}", item.Type, item.Id, item.Attempt, error, delay);
            await FinishAsync(item.Id, "pending", delay, error, CancellationToken.None);
            return false;
        }
    }

    /// <summary>
    /// Rows claimed together with a coalescing handler's delivered row: done with it, or back to
    /// pending on its schedule (their own attempts untouched, since they did not run).
    /// </summary>
    private async Task SettleCoveredAsync(long[] ids, long deliveredId, bool done)
    {
        await using var cmd = dataSource.CreateCommand(done
            ? """
              UPDATE outbox_messages SET status = 'done', locked_until = NULL, processed_at = now(), last_error = 'covered by #' || $2
               WHERE id = ANY($1) AND status = 'processing'
              """
            : """
              UPDATE outbox_messages SET status = 'pending', locked_until = NULL, attempts = attempts - 1,
                     next_attempt_at = (SELECT next_attempt_at FROM outbox_messages WHERE id = $2)
               WHERE id = ANY($1) AND status = 'processing'
              """);
        cmd.Parameters.AddWithValue(ids);
        cmd.Parameters.AddWithValue(deliveredId);
        await cmd.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private async Task<bool> RenewClaimAsync(OutboxItem item, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            UPDATE outbox_messages SET locked_until = now() + $3
             WHERE id = $1 AND attempts = $2 AND status = 'processing'
            """);
        cmd.Parameters.AddWithValue(item.Id);
        cmd.Parameters.AddWithValue(item.Attempt);
        cmd.Parameters.AddWithValue(_options.LockTimeout);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    private TimeSpan Backoff(int attempt)
    {
        var exp = _options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20));
        var jitter = 0.8 + Random.Shared.NextDouble() * 0.4;
        return TimeSpan.FromMilliseconds(Math.Min(exp * jitter, _options.MaxDelay.TotalMilliseconds));
    }

    private async Task FinishAsync(long id, string status, TimeSpan? retryIn, string? error, CancellationToken ct, bool countAttempt = true)
    {
        // The outcome must be recorded even while the database blinks, or a delivered row is sent again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var cmd = dataSource.CreateCommand("""
                    UPDATE outbox_messages
                       SET status = $2, locked_until = NULL, last_error = $3,
                           next_attempt_at = CASE WHEN $4::interval IS NULL THEN next_attempt_at ELSE now() + $4::interval END,
                           processed_at = CASE WHEN $2 IN ('done', 'failed') THEN now() ELSE NULL END,
                           attempts = attempts - CASE WHEN $5 THEN 0 ELSE 1 END
                     WHERE id = $1
                    """);
                cmd.Parameters.AddWithValue(id);
                cmd.Parameters.AddWithValue(status);
                cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)Truncate(error) ?? DBNull.Value);
                cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Interval, (object?)retryIn ?? DBNull.Value);
                cmd.Parameters.AddWithValue(countAttempt);
                await cmd.ExecuteNonQueryAsync(ct);
                return;
            }
            catch (Exception e) when (attempt < 20 && e is NpgsqlException or TimeoutException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt), clock, ct);
            }
        }
    }

    private async Task<TimeSpan> UntilNextDueAsync(string type, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            SELECT EXTRACT(EPOCH FROM (min(GREATEST(next_attempt_at, COALESCE(locked_until, next_attempt_at))) - now()))::float8
              FROM outbox_messages WHERE type = $1 AND status IN ('pending', 'processing')
            """);
        cmd.Parameters.AddWithValue(type);
        var seconds = await cmd.ExecuteScalarAsync(ct) as double?;
        if (seconds is null) return _options.PollInterval;
        var due = TimeSpan.FromSeconds(Math.Max(seconds.Value, 0.01));
        return due < _options.PollInterval ? due : _options.PollInterval;
    }

    private static string? Truncate(string? s) => s is { Length: > 2000 } ? s[..2000] : s;
}
