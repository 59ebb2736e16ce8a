using System.Diagnostics;
using AmazingStore.Data;
using AmazingStore.Data.Marketplaces;
using AmazingStore.Web.Marketplaces.Connectors;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AmazingStore.Web.Marketplaces.Sync;

/// <summary>
/// Runs one sync (stock, price or orders) for one marketplace and logs it in sync_logs. Runs of the
/// same marketplace and type are serialised across every instance with a PostgreSQL advisory lock,
/// so an outbox push, a scheduled run and a button press never send the same change twice.
/// </summary>
public sealed class MarketplaceSyncRunner(
    IServiceScopeFactory scopes,
    NpgsqlDataSource dataSource,
    IEnumerable<IMarketplaceConnector> connectors,
    MarketplaceContextLoader loader,
    StockPush stockPush,
    PricePush pricePush,
    OrderImport orderImport,
    TimeProvider clock,
    ILogger<MarketplaceSyncRunner> log)
{
    private const int LockClass = 0x5359; // "SY": the advisory-lock namespace of sync runs

    /// <summary>The run lock of one marketplace and sync type, for a transaction that must not interleave with such a
    /// run: waits for a run in progress and holds later ones off until it commits (a transaction-level lock).</summary>
    public static string TransactionLockSql(int marketplaceId, string type) =>
        $"SELECT pg_advisory_xact_lock({LockClass}, {LockKey(marketplaceId, type)})";

    private static int LockKey(int marketplaceId, string type) => marketplaceId * 10 + Array.IndexOf(SyncTypes.Each, type);

    public async Task<IReadOnlyList<SyncOutcome>> RunAllAsync(string type, string trigger, bool full, CancellationToken ct)
    {
        var outcomes = new List<SyncOutcome>();
        foreach (var slug in MarketplaceContextLoader.ApiSlugs)
            outcomes.AddRange(await RunAsync(slug, type, trigger, full, ct));
        return outcomes;
    }

    public async Task<IReadOnlyList<SyncOutcome>> RunAsync(string slug, string type, string trigger, bool full, CancellationToken ct,
        DateTime? scheduledFor = null)
    {
        if (type == SyncTypes.All)
        {
            var all = new List<SyncOutcome>();
            foreach (var t in SyncTypes.Each) all.AddRange(await RunAsync(slug, t, trigger, full, ct, scheduledFor));
            return all;
        }
        return [await RunOneAsync(slug, type, trigger, full, scheduledFor, ct)];
    }

    private async Task<SyncOutcome> RunOneAsync(string slug, string type, string trigger, bool full, DateTime? scheduledFor, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        var (row, ctx) = await loader.LoadAsync(db, slug, ct);
        var connector = connectors.FirstOrDefault(c => c.Slug == slug);
        if (row is null || connector is null) return SyncOutcome.Skip(slug, type, "unknown marketplace");
        var automatic = trigger is SyncTriggers.Schedule or SyncTriggers.Outbox;
        if (ctx is null || !row.IsActive || (automatic && !row.AutoSyncEnabled))
        {
            var why = ctx is null ? "credentials or api_base_url not set" : !row.IsActive ? "marketplace is not active" : "auto sync is off";
            // Automatic runs skip quietly; someone who asked gets a logged answer.
            if (!automatic) await WriteLogAsync(db, row.Id, type, trigger, new SyncWork(0, 0, why), DateTime.UtcNow, scheduledFor, 0, CancellationToken.None);
            return SyncOutcome.Skip(slug, type, why);
        }

        await using var lockConn = await dataSource.OpenConnectionAsync(ct);
        var started = clock.GetUtcNow().UtcDateTime;
        var watch = Stopwatch.StartNew();
        SyncWork work;
        try
        {
            // Taken inside the try: a lock granted just as the wait is cancelled is still released below
            // (pooled connections are not reset when they go back to the pool).
            await using (var lockCmd = new NpgsqlCommand("SELECT pg_advisory_lock($1, $2)", lockConn))
            {
                lockCmd.Parameters.AddWithValue(LockClass);
                lockCmd.Parameters.AddWithValue(LockKey(row.Id, type));
                await lockCmd.ExecuteNonQueryAsync(ct);
            }
            started = clock.GetUtcNow().UtcDateTime;
            watch.Restart();
            work = type switch
            {
                SyncTypes.Stock => await stockPush.RunAsync(db, connector, ctx, full, ct),
                SyncTypes.Price => await pricePush.RunAsync(db, connector, ctx, full, ct),
                SyncTypes.Orders => await orderImport.RunAsync(db, connector, ctx, row, ct),
                _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown sync type"),
            };
        }
        catch (Exception e) when (e is MarketplaceException or DbUpdateException or NpgsqlException)
        {
            work = new SyncWork(0, 0, e.Message, RunFailed: true);
        }
        finally
        {
            try
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", lockConn);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (NpgsqlException e) { log.LogWarning("Releasing the {Slug} {Type} sync lock failed ({Error}); a broken connection releases it", slug, type, e.Message); }
        }
        // Nothing to send is not worth a row for pushes started by every stock change.
        if (!(trigger == SyncTriggers.Outbox && work.Processed == 0 && work.Error is null))
            await WriteLogAsync(db, row.Id, type, trigger, work, started, scheduledFor, (int)watch.ElapsedMilliseconds, CancellationToken.None);
        AmazingStore.Data.Observability.StoreMetrics.SyncRun(slug, type, work.Status, work.Failed);
        if (work.Status == SyncStatuses.Deferred)
            log.LogInformation("{Slug} {Type} sync ({Trigger}): {Deferred} item(s) deferred by a per-item limit, sent next run", slug, type, trigger, work.CoolingDown);
        else if (work.Status != SyncStatuses.Success)
            log.LogWarning("{Slug} {Type} sync ({Trigger}): {Status}, {Failed}/{Processed} failed: {Error}", slug, type, trigger, work.Status, work.Failed, work.Processed, work.Error);
        return new SyncOutcome(slug, type, work.Status, work.Processed, work.Failed, work.Error, work.CoolingDown, work.RunFailed);
    }

    private async Task WriteLogAsync(StoreDb db, int marketplaceId, string type, string trigger, SyncWork work, DateTime started, DateTime? scheduledFor,
        int durationMs, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.ChangeTracker.Clear();
        db.SyncLogs.Add(new SyncLog
        {
            MarketplaceId = marketplaceId,
            SyncType = type,
            Direction = type == SyncTypes.Orders ? "pull" : "push",
            TriggerType = trigger,
            Status = work.Processed == 0 && work.Error is not null && work.Failed == 0 ? SyncStatuses.Failed : work.Status,
            ItemsProcessed = work.Processed,
            ItemsFailed = work.Failed,
            ErrorMessage = work.Error,
            StartedAt = started,
            ScheduledFor = scheduledFor,
            CompletedAt = now,
            DurationMs = durationMs,
        });
        await db.SaveChangesAsync(ct);
        await db.Marketplaces.Where(m => m.Id == marketplaceId).ExecuteUpdateAsync(s => s.SetProperty(m => m.LastSyncAt, now), ct);
    }
}
