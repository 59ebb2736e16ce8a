using AmazingStore.Data.Reports;
using AmazingStore.Web.Jobs;
using Hangfire;

namespace AmazingStore.Web.Reports;

/// <summary>
/// Builds the sales rollup ahead of the owner, a Hangfire recurring job at 02:30 in Tashkent (yesterday has just
/// settled, see <see cref="SalesRollup.Settle"/>): the year's closed days that are not built or were marked stale
/// (usually only yesterday; the whole year after an upgrade), so the morning's first report and the digest do not wait
/// for it. Reports still build what is missing themselves; this only moves the work to a quiet hour.
/// </summary>
public sealed class SalesRollupJob(SalesRollup rollup, TimeProvider clock, ILogger<SalesRollupJob> log)
{
    public const string RecurringJobId = "reports.sales-rollup";

    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var today = SalesReports.TashkentToday(clock.GetUtcNow());
        var built = await rollup.EnsureAsync(today.AddDays(-SalesReports.MaxDays), today, ct);
        log.LogInformation("Sales rollup: {Days} day(s) built", built);
        return built;
    }
}

public sealed class SalesRollupSchedule(IRecurringJobManager recurring, ILogger<SalesRollupSchedule> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        RecurringJobRegistration.RunAsync("the sales rollup", () =>
            recurring.AddOrUpdate<SalesRollupJob>(SalesRollupJob.RecurringJobId, j => j.RunAsync(CancellationToken.None),
                "30 2 * * *", new RecurringJobOptions { TimeZone = OwnerDigestJob.Tashkent() }), log, stoppingToken);
}
