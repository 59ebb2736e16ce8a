using AmazingStore.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;

namespace AmazingStore.Web.Marketplaces.Sync;

/// <summary>
/// Keeps the Quartz schedule in step with the marketplaces table: one durable job per marketplace
/// and type, and a simple trigger at the marketplace's interval (orders at OrdersIntervalMinutes).
/// Idempotent, so every instance may run it at start-up and after an admin change.
/// </summary>
public sealed class SyncScheduleInstaller(ISchedulerFactory schedulers, IServiceScopeFactory scopes, IOptions<MarketplaceOptions> options, ILogger<SyncScheduleInstaller> log)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task InstallAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var scheduler = await schedulers.GetScheduler(ct);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
            var rows = await db.Marketplaces.AsNoTracking().Where(m => MarketplaceContextLoader.ApiSlugs.Contains(m.Slug)).ToListAsync(ct);
            foreach (var row in rows)
            foreach (var type in SyncTypes.Each)
            {
                var jobKey = MarketplaceSyncJob.KeyFor(row.Slug, type);
                var triggerKey = new TriggerKey(jobKey.Name, MarketplaceSyncJob.Group);
                var minutes = type == SyncTypes.Orders ? Math.Min(options.Value.OrdersIntervalMinutes, row.SyncIntervalMinutes) : row.SyncIntervalMinutes;
                var interval = options.Value.IntervalUnit * Math.Max(minutes, 1);
                var wanted = row.IsActive && row.AutoSyncEnabled;

                var existing = await scheduler.GetTrigger(triggerKey, ct) as ISimpleTrigger;
                if (!wanted)
                {
                    if (existing is not null) await scheduler.UnscheduleJob(triggerKey, ct);
                    continue;
                }
                if (existing is not null && existing.RepeatInterval == interval) continue;

                var job = JobBuilder.Create<MarketplaceSyncJob>()
                    .WithIdentity(jobKey)
                    .UsingJobData(MarketplaceSyncJob.SlugKey, row.Slug)
                    .UsingJobData(MarketplaceSyncJob.TypeKey, type)
                    .StoreDurably()
                    .Build();
                var trigger = TriggerBuilder.Create()
                    .WithIdentity(triggerKey)
                    .ForJob(jobKey)
                    .StartAt(DateTimeOffset.UtcNow + interval)
                    .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever().WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
                    .Build();
                try
                {
                    await scheduler.ScheduleJob(job, [trigger], ScheduleJobOptions.Replacing, ct);
                }
                catch (ObjectAlreadyExistsException)
                {
                    // Another instance installed it at the same moment: the same schedule, nothing to do.
                }
            }
        }
        catch (SchedulerException e)
        {
            log.LogWarning("Could not install the marketplace sync schedule: {Error}", e.Message);
        }
        finally { _gate.Release(); }
    }
}

/// <summary>
/// Installs the schedule once the host has started, in the background: it is the first use of the
/// EF model, whose cold build would otherwise add more than a second to every start-up. A database
/// that is briefly away gets a bounded number of retries; any admin change installs it again anyway.
/// </summary>
public sealed class SyncScheduleStartup(SyncScheduleInstaller installer, ILogger<SyncScheduleStartup> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        for (var attempt = 1; attempt <= 10 && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
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
