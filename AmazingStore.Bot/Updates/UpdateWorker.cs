using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Bot.Updates;

/// <summary>
/// Handles recorded updates. A row is claimed (status processing, locked_until) with
/// FOR UPDATE SKIP LOCKED in a short transaction, so two instances never both take it, then
/// handled, then marked done. Updates of one chat are taken in update_id order, one at a time. A handler that ran and threw is marked failed, not retried: commands
/// such as "/stock SKU -2" are not idempotent, and the user can simply send it again. Only two
/// cases run an update again: the database was away (nothing took effect), or an instance died
/// while handling it (the claim expires) — the one window where an effect could repeat.
/// </summary>
public sealed class UpdateWorker(
    NpgsqlDataSource dataSource,
    UpdateInbox inbox,
    IServiceScopeFactory scopes,
    IOptions<TelegramOptions> options,
    ILogger<UpdateWorker> log) : BackgroundService
{
    private const int Workers = 2;
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(2);
    private readonly TelegramOptions _options = options.Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => RunAsync(stoppingToken)));

    private async Task RunAsync(CancellationToken ct)
    {
        var failures = 0;
        while (!ct.IsCancellationRequested)
        {
            var idle = TimeSpan.FromMilliseconds(Math.Max(50, _options.UpdatePollMilliseconds));
            try
            {
                var claimed = await ClaimAsync(ct);
                failures = 0;
                if (claimed is not null)
                {
                    await HandleAsync(claimed.Value, ct);
                    continue;
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested) { return; }
            catch (Exception e)
            {
                failures++;
                idle = TimeSpan.FromMilliseconds(Math.Min(200 * Math.Pow(2, failures), 5000));
                log.LogWarning("Telegram updates: could not claim work ({Error}); retrying in {Wait}", e.Message, idle);
            }
            try { await inbox.Wake.WaitAsync(idle, ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task<(long Id, string Payload, int Attempt)?> ClaimAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($$"""
            UPDATE processed_updates p
               SET status = 'processing', attempts = p.attempts + 1, locked_until = now() + $1
              FROM (SELECT u.update_id FROM processed_updates u
                     WHERE u.status IN ('pending', 'processing') AND (u.locked_until IS NULL OR u.locked_until < now())
                       -- one chat's updates in order, commands and button presses alike: "/stock X =40"
                       -- then "/stock X" must not swap, nor a command and the press of a button under it
                       AND NOT EXISTS (SELECT 1 FROM processed_updates e
                                        WHERE e.status IN ('pending', 'processing') AND e.update_id < u.update_id
                                          AND {{ChatOf("e")}} IS NOT DISTINCT FROM {{ChatOf("u")}})
                     ORDER BY u.update_id LIMIT 1 FOR UPDATE SKIP LOCKED) c
             WHERE p.update_id = c.update_id
            RETURNING p.update_id, p.payload::text, p.attempts
            """);
        cmd.Parameters.AddWithValue(ClaimTimeout);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return null;
        return (reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2));
    }

    /// <summary>
    /// The chat an update belongs to: a message's, or that of the message a pressed button is under. A
    /// pre_checkout_query is a queue of its own: Telegram waits only 10 s for its answer, so it waits behind nothing.
    /// </summary>
    private static string ChatOf(string row) =>
        $"COALESCE({row}.payload #>> '{{message,chat,id}}', {row}.payload #>> '{{callback_query,message,chat,id}}', {row}.payload #>> '{{callback_query,from,id}}', " +
        $"'pcq:' || ({row}.payload #>> '{{pre_checkout_query,id}}'))";

    private async Task HandleAsync((long Id, string Payload, int Attempt) row, CancellationToken ct)
    {
        if (row.Attempt > Math.Max(1, _options.UpdateMaxAttempts))
        {
            log.LogError("Telegram update {UpdateId} given up after {Attempts} attempts", row.Id, row.Attempt - 1);
            await FinishAsync(row.Id, "failed", "gave up after repeated interruptions", null);
            return;
        }
        try
        {
            var update = TelegramUpdates.Read(row.Payload) ?? throw new JsonException("not a Telegram update");
            await using var scope = scopes.CreateAsyncScope();
            // Not the host's stop token: a command that already changed stock must not be cut off and run
            // again after a restart. Its calls are bounded by their own timeouts, within the shutdown grace.
            await scope.ServiceProvider.GetRequiredService<UpdateRouter>().HandleAsync(update, CancellationToken.None);
            await FinishAsync(row.Id, "done", null, null);
        }
        catch (Exception e) when (IsDatabaseAway(e) && row.Attempt < _options.UpdateMaxAttempts)
        {
            var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, row.Attempt)));
            log.LogWarning("Telegram update {UpdateId}: database unavailable ({Error}); retrying in {Delay}", row.Id, e.Message, delay);
            await FinishAsync(row.Id, "pending", e.Message, delay);
        }
        catch (Exception e)
        {
            log.LogError("Telegram update {UpdateId} failed: {Error}", row.Id, e.Message);
            await FinishAsync(row.Id, "failed", e.Message, null);
        }
    }

    private static bool IsDatabaseAway(Exception e) => e switch
    {
        NpgsqlException { IsTransient: true } => true,
        TimeoutException => true,
        { InnerException: { } inner } => IsDatabaseAway(inner),
        _ => false,
    };

    private async Task FinishAsync(long id, string status, string? error, TimeSpan? retryIn)
    {
        // Recording the outcome must survive a database blink, or a handled update runs again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await using var cmd = dataSource.CreateCommand("""
                    UPDATE processed_updates
                       SET status = $2, last_error = $3,
                           locked_until = CASE WHEN $4::interval IS NULL THEN NULL ELSE now() + $4::interval END,
                           processed_at = CASE WHEN $2 IN ('done', 'failed') THEN now() ELSE NULL END
                     WHERE update_id = $1
                    """);
                cmd.Parameters.AddWithValue(id);
                cmd.Parameters.AddWithValue(status);
                cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)(error is { Length: > 2000 } ? error[..2000] : error) ?? DBNull.Value);
                cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Interval, (object?)retryIn ?? DBNull.Value);
                await cmd.ExecuteNonQueryAsync(CancellationToken.None);
                return;
            }
            catch (Exception e) when (attempt < 20 && IsDatabaseAway(e))
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * attempt));
            }
        }
    }
}
