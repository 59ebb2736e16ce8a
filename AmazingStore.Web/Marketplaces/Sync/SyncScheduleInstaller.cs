using AmazingStore.Data;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Marketplaces.Sync;

/// <summary>
/// Keeps the schedule in step with the marketplaces table: a chain per marketplace and type at the
/// marketplace's interval (orders at OrdersIntervalMinutes when that is shorter), none when the
/// marketplace is inactive or its auto sync is off. Idempotent: every instance runs it at start-up, after
/// an admin change, and once a minute as a Hangfire recurring job, which also mends a chain whose pending
/// link was lost (deleted on the dashboard, expired).
/// </summary>
public sealed class SyncScheduleInstaller(SyncSchedule schedule, IServiceScopeFactory scopes, IOptions<MarketplaceOptions> options, ILogger<SyncScheduleInstaller> log)
{
    public const string RecurringJobId = "marketplace-sync.schedule-check";
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task InstallAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            using var installing = await Task.Run(schedule.LockInstall, ct);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
            var rows = await db.Marketplaces.AsNoTracking().Where(m => MarketplaceContextLoader.ApiSlugs.Contains(m.Slug)).ToListAsync(ct);
            foreach (var row in rows)
            foreach (var type in SyncTypes.Each)
            {
                var minutes = type == SyncTypes.Orders ? Math.Min(options.Value.OrdersIntervalMinutes, row.SyncIntervalMinutes) : row.SyncIntervalMinutes;
                TimeSpan? interval = row.IsActive && row.AutoSyncEnabled ? options.Value.IntervalUnit * Math.Max(minutes, 1) : null;
                // Hangfire's storage API is synchronous; a handful of short statements per chain.
                await Task.Run(() => schedule.Ensure(row.Slug, type, interval), ct);
            }
        }
        catch (DistributedLockTimeoutException e)
        {
            // Another instance held the schedule for longer than it should; the minutely check tries again.
            log.LogWarning("Could not update the marketplace sync schedule: {Error}", e.Message);
        }
        finally { _gate.Release(); }
    }
}

/// <summary>
/// Installs the schedule once the host has started, in the background (its first use of the EF model
/// would otherwise add a cold model build to every start-up), and registers the minutely check. A
/// database that is briefly away gets a bounded number of retries; any admin change installs it again anyway.
/// </summary>
public sealed class SyncScheduleStartup(SyncScheduleInstaller installer, IRecurringJobManager recurring, ILogger<SyncScheduleStartup> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        for (var attempt = 1; attempt <= 10 && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                recurring.AddOrUpdate<SyncScheduleInstaller>(SyncScheduleInstaller.RecurringJobId, i => i.InstallAsync(CancellationToken.None), Cron.Minutely());
                await installer.InstallAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning("Installing the sync schedule failed ({Error}); attempt {Attempt} of 10", e.Message, attempt);
                try { await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}
