using AmazingStore.Tests.Infrastructure;

namespace AmazingStore.Tests.Marketplaces;

public sealed class ScheduleTests
{
    [Fact]
    public async Task Two_hosts_on_one_database_run_each_scheduled_sync_once_per_interval()
    {
        // One "minute" of sync_interval_minutes lasts 2 s here.
        var settings = new Dictionary<string, string?> { ["Marketplaces:IntervalUnit"] = "00:00:02" };
        var cs = await TestPostgres.CreateDatabaseAsync();
        await using var first = await MarketplaceBed.StartAsync(settings, cs);
        await using var second = await MarketplaceBed.StartAsync(settings, cs, configure: false);
        var p = await first.AddProductAsync("SCH-1", 1000, 3);
        await first.MapEverywhereAsync((p, 1));
        await first.PutAsync("/api/admin/marketplaces/ozon", new { sync_interval_minutes = 1 });
        // Uzum keeps no credentials: its scheduled runs are skipped, never sent to a real host.
        await first.PutAsync("/api/admin/marketplaces/uzum", new { credentials = new { } });

        await MarketplaceBed.WaitUntilAsync(async () => await first.Host.ScalarAsync<long>(
            "SELECT count(*) FROM sync_logs l JOIN marketplaces m ON m.id = l.marketplace_id WHERE m.slug = 'ozon' AND l.sync_type = 'stock' AND l.trigger_type = 'schedule'") >= 4,
            TimeSpan.FromSeconds(30), "four scheduled ozon stock runs");

        await ScheduleAssertions.AssertScheduledStockRunsOncePerIntervalAsync(first.Host.Db, "ozon", TimeSpan.FromSeconds(2));
        Assert.Equal(3, first.Ozon.Stock[$"OFFER-1@{MarketplaceBed.OzonWarehouse}"]);
        Assert.Equal(0L, await first.Host.ScalarAsync<long>("SELECT count(*) FROM sync_logs l JOIN marketplaces m ON m.id = l.marketplace_id WHERE m.slug = 'uzum' AND l.trigger_type = 'schedule'"));
        Assert.DoesNotContain(first.Uzum.Requests, r => r.At > DateTime.UtcNow.AddSeconds(-3));
    }
}
