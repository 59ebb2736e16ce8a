using System.Text.Json;
using AmazingStore.Data.Orders;
using AmazingStore.Data.Reports;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;
using AmazingStore.Web.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace AmazingStore.Tests.Reports;

/// <summary>
/// Issue 19 item 1, "fast on 100k orders": closed days come from the rollup (migration 0081, SalesRollup). These
/// tests hold it to the live figures through every change that can reach a closed day after it was built.
/// </summary>
public sealed class SalesRollupTests
{
    private static readonly DateOnly From = new(2026, 3, 1), To = new(2026, 3, 3);

    /// <summary>The store's report: its clock is today's, so March's days are closed and read from the rollup.</summary>
    private static SalesReports Rolled(StoreHost host) => host.Services.GetRequiredService<SalesReports>();

    /// <summary>The same report with a clock that stands before March: no day is closed, every figure is read live.</summary>
    private static SalesReports Live(StoreHost host) => new(host.Db,
        new SalesRollup(host.Db, new FixedClock(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero)), NullLogger<SalesRollup>.Instance));

    private static async Task<string> Json(SalesReports reports) => await Json(reports, From, To);

    private static async Task<string> Json(SalesReports reports, DateOnly from, DateOnly to) =>
        JsonSerializer.Serialize(await reports.BuildAsync(from, to, "ru", CancellationToken.None));

    private static async Task<SalesTotal> TotalAsync(StoreHost host) => (await Rolled(host).BuildAsync(From, To, "uz", CancellationToken.None)).Total;

    private static async Task<PlaceResult.Placed> PlaceAsync(StoreHost host, string channel, DateTime utc, params (int Product, int Qty, decimal? Price)[] lines)
    {
        await using var db = Shop.Context(host);
        var order = new NewOrder(channel == "amazing-store" ? "app" : channel, channel,
            lines.Select(l => new NewOrderLine(l.Product, l.Qty, l.Price)).ToList(), "Rollup Test", "+998901112233",
            MarketplaceOrderId: channel == "amazing-store" ? null : $"RU-{Guid.NewGuid():N}");
        var placed = Assert.IsType<PlaceResult.Placed>(await OrderWorkflow.PlaceAsync(db, order, CancellationToken.None));
        await host.ScalarAsync<int>("UPDATE orders SET created_at = $2 WHERE id = $1 RETURNING id", placed.Order.Id, utc);
        return placed;
    }

    [Fact]
    public async Task Closed_days_from_the_rollup_equal_the_live_figures_through_late_cancellations_back_dated_orders_and_a_deleted_product()
    {
        await using var host = await Shop.StartAsync();
        var kettle = await Shop.ProductAsync(host, "RU-A", 100_000, 100);
        var cup = await Shop.ProductAsync(host, "RU-B", 50_000, 100);
        var lamp = await Shop.ProductAsync(host, "RU-C", 80_000, 100);
        await host.ScalarAsync<int>("UPDATE products SET cost_price = 60000 WHERE id = $1 RETURNING id", kettle);
        await host.ScalarAsync<int>("UPDATE products SET cost_price = 50000 WHERE id = $1 RETURNING id", lamp);
        var d1 = new DateTime(2026, 3, 1, 6, 0, 0, DateTimeKind.Utc);
        var early = await PlaceAsync(host, "amazing-store", d1, (kettle, 2, null), (cup, 1, null));
        await PlaceAsync(host, "uzum", d1.AddHours(3), (lamp, 1, 78_000m));
        await PlaceAsync(host, "ozon", d1.AddDays(1), (cup, 3, 52_000m), (lamp, 2, 81_000m));
        await PlaceAsync(host, "amazing-store", d1.AddDays(2), (kettle, 1, null));

        // The first report builds the three closed days and reads them from the rollup; the figures are the live ones.
        var first = await Json(Rolled(host));
        Assert.Equal(3L, await host.ScalarAsync<long>("SELECT count(*) FROM sales_rollup_days WHERE day BETWEEN '2026-03-01' AND '2026-03-03'"));
        Assert.True(await host.ScalarAsync<long>("SELECT count(*) FROM sales_rollup_products") > 0);
        Assert.Equal(await Json(Live(host)), first);
        var t = await TotalAsync(host);
        Assert.Equal((4, 10, 0, 250_000m + 78_000m + 318_000m + 100_000m), (t.Orders, t.Units, t.Cancelled, t.Revenue));

        // Read from the rollup indeed: a figure changed there (and only there) shows, and is put back.
        await host.ScalarAsync<int>("UPDATE sales_rollup_channels SET orders = orders + 100 WHERE day = '2026-03-01' AND kind = 's' AND marketplace_id = (SELECT id FROM marketplaces WHERE slug = 'amazing-store') RETURNING 1");
        Assert.Equal(104, (await TotalAsync(host)).Orders);
        await host.ScalarAsync<int>("UPDATE sales_rollup_channels SET orders = orders - 100 WHERE day = '2026-03-01' AND kind = 's' AND marketplace_id = (SELECT id FROM marketplaces WHERE slug = 'amazing-store') RETURNING 1");

        // A checkout now dates its order today: nothing is marked (the insert trigger stays out of the order path).
        // (Re-dating the test's orders above marked today, the day they left; today is never built, so it stays.)
        var marks = await host.ScalarAsync<long>("SELECT count(*) FROM sales_rollup_stale");
        await using (var db = Shop.Context(host))
            Assert.IsType<PlaceResult.Placed>(await OrderWorkflow.PlaceAsync(db,
                new NewOrder("app", "amazing-store", [new NewOrderLine(cup, 1, null)], "Today", "+998901112233"), CancellationToken.None));
        Assert.Equal(marks, await host.ScalarAsync<long>("SELECT count(*) FROM sales_rollup_stale"));

        // A late cancellation of a built day marks it; the next report rebuilds it and counts the order as cancelled.
        await using (var db = Shop.Context(host))
            Assert.True((await OrderWorkflow.TransitionAsync(db, early.Order.Id, OrderStatuses.Cancelled, "test", CancellationToken.None)).Ok);
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM sales_rollup_stale WHERE day = '2026-03-01'"));
        var afterCancel = await Json(Rolled(host));
        Assert.Equal(await Json(Live(host)), afterCancel);
        t = await TotalAsync(host);
        Assert.Equal((3, 1, 78_000m + 318_000m + 100_000m), (t.Orders, t.Cancelled, t.Revenue));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM sales_rollup_stale WHERE day BETWEEN '2026-03-01' AND '2026-03-03'"));

        // An order written straight into a built day (a restore, a hand-made row) marks it as well.
        var uzum = await host.ScalarAsync<int>("SELECT id FROM marketplaces WHERE slug = 'uzum'");
        var backDated = await host.ScalarAsync<int>("""
            INSERT INTO orders (order_number, marketplace_id, source, customer_name, customer_phone, subtotal, total, status, created_at)
            VALUES ('RU-BACK-1', $1, 'uzum', 'Back', '+998901112233', 140000, 140000, 'delivered', '2026-03-02T10:00:00Z') RETURNING id
            """, uzum);
        await host.ScalarAsync<int>("""
            INSERT INTO order_items (order_id, product_id, product_name, product_sku, price, cost_price, quantity, subtotal)
            VALUES ($1, $2, 'Kettle', 'RU-A', 70000, 60000, 2, 140000) RETURNING id
            """, backDated, kettle);
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM sales_rollup_stale WHERE day = '2026-03-02'"));
        var afterInsert = await Json(Rolled(host));
        Assert.Equal(await Json(Live(host)), afterInsert);
        t = await TotalAsync(host);
        Assert.Equal((4, 78_000m + 318_000m + 100_000m + 140_000m), (t.Orders, t.Revenue));

        // A product removed for good: its lines turn into unknown-product lines kept by SKU, in the rollup as live.
        await host.ScalarAsync<int>("DELETE FROM products WHERE id = $1 RETURNING id", lamp);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM sales_rollup_products WHERE product_id = $1", lamp));
        var afterDelete = await Json(Rolled(host));
        Assert.Equal(await Json(Live(host)), afterDelete);
        var report = await Rolled(host).BuildAsync(From, To, "uz", CancellationToken.None);
        var loose = Assert.Single(report.TopProducts, p => p.ProductId is null);
        Assert.Equal(("RU-C", 3, 78_000m + 2 * 81_000m), (loose.Sku, loose.Units, loose.Revenue));
    }

    [Fact]
    public async Task A_whole_month_is_summed_from_its_month_rows_which_follow_its_days()
    {
        await using var host = await Shop.StartAsync();
        var kettle = await Shop.ProductAsync(host, "RM-A", 100_000, 100);
        var cup = await Shop.ProductAsync(host, "RM-B", 50_000, 100);
        var feb = new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc);
        await PlaceAsync(host, "amazing-store", feb.AddHours(-2), (kettle, 1, null)); // 2026-02-01 03:00 in Tashkent
        var mid = await PlaceAsync(host, "uzum", feb.AddDays(13), (cup, 4, 45_000m));
        await PlaceAsync(host, "amazing-store", feb.AddDays(27).AddHours(18), (cup, 1, null), (kettle, 2, null)); // 2026-02-28 23:00
        await PlaceAsync(host, "ozon", feb.AddDays(-1), (kettle, 5, 90_000m)); // 2026-01-31: in the range, not in the month
        await PlaceAsync(host, "amazing-store", feb.AddDays(28).AddHours(1), (cup, 7, null)); // 2026-03-01
        DateOnly from = new(2026, 1, 31), to = new(2026, 3, 1);

        var first = await Json(Rolled(host), from, to);
        Assert.Equal(await Json(Live(host), from, to), first);
        // February is whole in the range and built: it has month rows; January and March (one day each) have none.
        Assert.Equal(["2026-02-01"], await MonthsAsync(host));
        Assert.Equal(1L + 2, await host.ScalarAsync<long>("SELECT sum(units) FROM sales_rollup_product_months WHERE product_id = $1", kettle));

        // Read from the month rows indeed: a change there (and only there) shows in the top products, and is put back.
        await host.ScalarAsync<int>("UPDATE sales_rollup_product_months SET units = units + 50 WHERE product_id = $1 RETURNING 1", kettle);
        var tampered = await Rolled(host).BuildAsync(from, to, "uz", CancellationToken.None);
        Assert.Equal(5 + 3 + 50, tampered.TopProducts.Single(p => p.ProductId == kettle).Units);
        await host.ScalarAsync<int>("UPDATE sales_rollup_product_months SET units = units - 50 WHERE product_id = $1 RETURNING 1", kettle);

        // A February order cancelled late: while its day is stale the month is read from its other days and that day
        // live; the rebuild sums the month again without it.
        await using (var db = Shop.Context(host))
            Assert.True((await OrderWorkflow.TransitionAsync(db, mid.Order.Id, OrderStatuses.Cancelled, "test", CancellationToken.None)).Ok);
        var afterCancel = await Json(Rolled(host), from, to);
        Assert.Equal(await Json(Live(host), from, to), afterCancel);
        Assert.NotEqual(first, afterCancel);
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT sum(units) FROM sales_rollup_product_months WHERE product_id = $1", cup));
        Assert.Equal(["2026-02-01"], await MonthsAsync(host));
    }

    [Fact]
    public async Task The_nightly_job_builds_the_years_closed_days_ahead_of_the_first_report()
    {
        await using var host = await Shop.StartAsync();
        var p = await Shop.ProductAsync(host, "RU-N", 10_000, 50);
        await PlaceAsync(host, "amazing-store", DateTime.UtcNow.AddDays(-40), (p, 2, null));
        var job = ActivatorUtilities.CreateInstance<SalesRollupJob>(host.Services);

        // Every closed day of the last 366 (today and a settling yesterday excepted), the order's among them; then nothing.
        var built = await job.RunAsync(CancellationToken.None);
        Assert.InRange(built, SalesReports.MaxDays - 1, SalesReports.MaxDays);
        var day = SalesReports.TashkentToday(DateTimeOffset.UtcNow.AddDays(-40));
        Assert.Equal(2L, await host.ScalarAsync<long>("SELECT units FROM sales_rollup_channels WHERE day = $1 AND kind = 's'", day));
        Assert.Equal(0, await job.RunAsync(CancellationToken.None));

        // Registered in Hangfire's shared storage: daily at 02:30 in Tashkent.
        var recurring = await RecurringJobs.FindAsync(host, SalesRollupJob.RecurringJobId);
        Assert.NotNull(recurring);
        Assert.Equal(("30 2 * * *", typeof(SalesRollupJob)), (recurring!.Cron, recurring.Job.Type));
    }

    private static async Task<List<string>> MonthsAsync(StoreHost host)
    {
        var months = new List<string>();
        await using var cmd = host.Db.CreateCommand("SELECT DISTINCT month::text FROM sales_rollup_product_months ORDER BY 1");
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) months.Add(r.GetString(0));
        return months;
    }

    [Fact]
    public async Task Open_days_are_never_rolled_up_and_a_report_reaching_today_counts_todays_orders_live()
    {
        await using var host = await Shop.StartAsync();
        var p = await Shop.ProductAsync(host, "RU-T", 10_000, 50);
        var threeDaysAgo = DateTime.UtcNow.AddDays(-3);
        await PlaceAsync(host, "amazing-store", threeDaysAgo, (p, 1, null));
        await using (var db = Shop.Context(host))
            Assert.IsType<PlaceResult.Placed>(await OrderWorkflow.PlaceAsync(db,
                new NewOrder("app", "amazing-store", [new NewOrderLine(p, 2, null)], "Today", "+998901112233"), CancellationToken.None));
        var today = SalesReports.TashkentToday(DateTimeOffset.UtcNow);
        var report = await Rolled(host).BuildAsync(today.AddDays(-6), today, "uz", CancellationToken.None);
        Assert.Equal((2, 3), (report.Total.Orders, report.Total.Units));
        Assert.Equal(1, report.ByDay[^1].Orders);
        // Built: the closed days of the range only; today (and yesterday until two hours past its end) stay live.
        var built = await host.ScalarAsync<long>("SELECT count(*) FROM sales_rollup_days WHERE day >= $1",
            SalesReports.TashkentToday(DateTimeOffset.UtcNow - SalesRollup.Settle));
        Assert.Equal(0L, built);
        Assert.True(await host.ScalarAsync<long>("SELECT count(*) FROM sales_rollup_days") >= 5);
        // The order of three days ago sits in a built day and is counted once (from the rollup), today's live.
        Assert.Equal(1, report.ByDay.Single(d => d.Date == SalesReports.TashkentToday(threeDaysAgo)).Orders);
    }
}
