using AmazingStore.Tests.Infrastructure;
using AmazingStore.Web.Marketplaces.Sync;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>The Hangfire chain behind each marketplace's schedule: copies do not run, a lost link is mended.</summary>
public sealed class ScheduleChainTests
{
    private const string ScheduledOzonStock = """
        SELECT count(*) FROM sync_logs l JOIN marketplaces m ON m.id = l.marketplace_id
         WHERE m.slug = 'ozon' AND l.sync_type = 'stock' AND l.trigger_type = 'schedule'
        """;

    private static string PendingLink(IServiceProvider services)
    {
        using var connection = services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetAllEntriesFromHash(SyncSchedule.Key("ozon", "stock"))!["job"];
    }

    private static string? StateOf(IServiceProvider services, string jobId)
    {
        using var connection = services.GetRequiredService<JobStorage>().GetConnection();
        return connection.GetStateData(jobId)?.Name;
    }

    [Fact]
    public async Task A_copy_of_a_link_does_nothing_and_a_deleted_link_is_mended_by_the_schedule_check()
    {
        var settings = new Dictionary<string, string?> { ["Marketplaces:IntervalUnit"] = "00:00:02" };
        await using var bed = await MarketplaceBed.StartAsync(settings);
        var p = await bed.AddProductAsync("CHAIN-1", 1000, 3);
        await bed.MapEverywhereAsync((p, 1));
        await bed.PutAsync("/api/admin/marketplaces/ozon", new { sync_interval_minutes = 1 });
        await bed.PutAsync("/api/admin/marketplaces/uzum", new { credentials = new { } });
        await MarketplaceBed.WaitUntilAsync(async () => await bed.Host.ScalarAsync<long>(ScheduledOzonStock) >= 1, TimeSpan.FromSeconds(20), "a scheduled ozon stock run");

        // A copy of a link (as if re-run after a crash): it is not the chain's pending link, so it neither runs nor forks the chain.
        var services = bed.Host.Services;
        var jobs = services.GetRequiredService<IBackgroundJobClient>();
        var due = DateTime.UtcNow.AddMinutes(-1);
        var copy = jobs.Enqueue<MarketplaceSyncJob>(j => j.RunScheduledAsync("ozon", "stock", due, null, CancellationToken.None));
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(StateOf(services, copy) == SucceededState.StateName),
            TimeSpan.FromSeconds(20), "the copy to finish");
        Assert.Equal(0L, await bed.Host.ScalarAsync<long>(
            "SELECT count(*) FROM sync_logs WHERE scheduled_for BETWEEN $1 AND $2", due.AddMilliseconds(-1), due.AddMilliseconds(1)));

        // The pending link deleted (from the dashboard, say): the chain stops...
        // The link may fire between reading and deleting it (it schedules its successor first, every 2 s here):
        // delete until the chain is left pointing at a deleted link.
        await MarketplaceBed.WaitUntilAsync(() =>
        {
            var link = PendingLink(services);
            jobs.Delete(link);
            return Task.FromResult(StateOf(services, link) == DeletedState.StateName && PendingLink(services) == link);
        }, TimeSpan.FromSeconds(20), "the pending link deleted while still pending");
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // a run already under way when the link went may still finish
        var stopped = await bed.Host.ScalarAsync<long>(ScheduledOzonStock);
        await Task.Delay(TimeSpan.FromSeconds(4.5)); // two intervals and more
        Assert.Equal(stopped, await bed.Host.ScalarAsync<long>(ScheduledOzonStock));

        // ...until the minutely schedule check (run here directly) mends it.
        await services.GetRequiredService<SyncScheduleInstaller>().InstallAsync(CancellationToken.None);
        await MarketplaceBed.WaitUntilAsync(async () => await bed.Host.ScalarAsync<long>(ScheduledOzonStock) >= stopped + 2, TimeSpan.FromSeconds(20),
            "scheduled runs again after the check");
        await ScheduleAssertions.AssertScheduledStockRunsOncePerIntervalAsync(bed.Host.Db, "ozon", TimeSpan.FromSeconds(2));
    }
}
