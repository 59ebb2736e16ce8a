using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AmazingStore.Data.Signals;

/// <summary>The PostgreSQL NOTIFY channels this application listens on.</summary>
public static class DbChannels
{
    /// <summary>Catalog or stock changed: drop cached catalog replies.</summary>
    public const string Catalog = "catalog";
    /// <summary>An outbox row was written (fired by a trigger on insert, delivered on commit).</summary>
    public const string Outbox = "outbox";
    /// <summary>A user's is_admin or is_active changed (0090); payload: the Telegram id.</summary>
    public const string Users = "users";

    public static readonly string[] All = [Catalog, Outbox, Users];
}

/// <summary>
/// Carries PostgreSQL LISTEN/NOTIFY to in-process subscribers, so that every instance on one
/// database hears about catalog changes and new outbox rows within milliseconds. After a lost
/// connection subscribers are told with a null payload that they may have missed something.
/// </summary>
public sealed class DbSignals(NpgsqlDataSource dataSource, ILogger<DbSignals> log) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Guid, Action<string?>>> _subscribers = new();

    /// <summary>True while the listening connection is up.</summary>
    public bool Listening { get; private set; }

    public IDisposable Subscribe(string channel, Action<string?> handler)
    {
        var id = Guid.NewGuid();
        _subscribers.GetOrAdd(channel, _ => new())[id] = handler;
        return new Unsubscriber(() => _subscribers[channel].TryRemove(id, out _));
    }

    /// <summary>
    /// Asks a transaction to collect its notifications instead of sending them (0043_deferred_notify): an
    /// expression for a SELECT that starts the transaction's work.
    /// </summary>
    public const string DeferCall = "set_config('amazing.defer_notify', 'on', true)";

    /// <summary>What a deferring transaction collected; read it last before the commit.</summary>
    public const string PendingSql = "SELECT COALESCE(current_setting('amazing.pending_notify', true), '')";

    private readonly ConcurrentDictionary<string, byte> _deferred = new();
    private readonly SemaphoreSlim _deferredWake = new(0);

    /// <summary>
    /// Queues, after its commit, what a deferring transaction collected (<see cref="PendingSql"/>). A
    /// background loop sends what every recent transaction collected, deduplicated, every few
    /// milliseconds, in a transaction of its own that does not wait for the disk: the NOTIFY lock is
    /// held for microseconds, not across an fsync, and a burst of orders costs one NOTIFY round.
    /// If this instance dies before sending, other instances find the outbox rows by polling
    /// (Outbox:PollInterval).
    /// </summary>
    public void SendDeferred(string? pending)
    {
        if (string.IsNullOrEmpty(pending)) return;
        foreach (var line in pending.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            if (line.IndexOf(':') > 0) _deferred.TryAdd(line, 0);
        if (_deferredWake.CurrentCount == 0) _deferredWake.Release();
    }

    private async Task SendDeferredLoopAsync(CancellationToken ct)
    {
        var failures = 0;
        while (true)
        {
            try
            {
                await _deferredWake.WaitAsync(failures == 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(Math.Min(200 * failures, 5000)), ct);
                await Task.Delay(TimeSpan.FromMilliseconds(5), ct); // let concurrent commits join this round
            }
            catch (OperationCanceledException) { }
            var lines = _deferred.Keys.ToList();
            foreach (var line in lines) _deferred.TryRemove(line, out _);
            try
            {
                if (lines.Count > 0) await NotifyNowAsync(lines);
                failures = 0;
            }
            catch (Exception e)
            {
                // Kept, not dropped: a lost catalog notification would leave every instance's cache stale.
                foreach (var line in lines) _deferred.TryAdd(line, 0);
                failures++;
                log.LogWarning("Deferred notifications not sent ({Error}); trying again", e.Message);
            }
            if (ct.IsCancellationRequested) return;
        }
    }

    private async Task NotifyNowAsync(List<string> lines)
    {
        await using var conn = await dataSource.OpenConnectionAsync(CancellationToken.None);
        await using var batch = new NpgsqlBatch(conn);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SET LOCAL synchronous_commit = off"));
        foreach (var line in lines)
        {
            var colon = line.IndexOf(':');
            var notify = new NpgsqlBatchCommand("SELECT pg_notify($1, $2)");
            notify.Parameters.AddWithValue(line[..colon]);
            notify.Parameters.AddWithValue(line[(colon + 1)..]);
            batch.BatchCommands.Add(notify);
        }
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await batch.ExecuteNonQueryAsync(CancellationToken.None);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ListenAsync(stoppingToken), SendDeferredLoopAsync(stoppingToken));

    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        var missedSomething = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var conn = await dataSource.OpenConnectionAsync(stoppingToken);
                conn.Notification += (_, e) => Publish(e.Channel, e.Payload);
                await using (var listen = new NpgsqlCommand(string.Join(';', DbChannels.All.Select(c => $"LISTEN \"{c}\"")), conn))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                Listening = true;
                delay = TimeSpan.FromMilliseconds(200);
                if (missedSomething) foreach (var channel in DbChannels.All) Publish(channel, null);
                missedSomething = true;
                try
                {
                    await ListenUntilStoppedAsync(conn, stoppingToken);
                }
                finally
                {
                    // Pooled connections are not reset on return: leave this one subscribed to nothing.
                    try
                    {
                        await using var unlisten = new NpgsqlCommand("UNLISTEN *", conn);
                        await unlisten.ExecuteNonQueryAsync(CancellationToken.None);
                    }
                    catch (NpgsqlException) { }
                    catch (InvalidOperationException) { }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { break; }
            catch (Exception e)
            {
                Listening = false;
                log.LogWarning("Database notification listener lost its connection ({Error}); retrying in {Delay}", e.Message, delay);
                try { await Task.Delay(delay, stoppingToken); } catch (OperationCanceledException) { break; }
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
        Listening = false;
    }

    private static async Task ListenUntilStoppedAsync(NpgsqlConnection conn, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            // WaitAsync only reads: a link that died silently (NAT, firewall) would just time out
            // for ever while caches waited for notifications. A quiet spell sends a probe instead,
            // so a dead link throws and goes through the reconnect (and "missed something") path.
            if (!await conn.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken))
                await using (var probe = new NpgsqlCommand("SELECT 1", conn))
                    await probe.ExecuteNonQueryAsync(stoppingToken);
        }
    }

    private void Publish(string channel, string? payload)
    {
        if (!_subscribers.TryGetValue(channel, out var handlers)) return;
        foreach (var handler in handlers.Values)
        {
            try { handler(payload); }
            catch (Exception e) { log.LogError(e, "A {Channel} notification handler failed", channel); }
        }
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
