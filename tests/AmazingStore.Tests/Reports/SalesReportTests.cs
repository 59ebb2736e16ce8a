using System.Net;
using System.Text.Json;
using AmazingStore.Data.Orders;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Orders;

namespace AmazingStore.Tests.Reports;

public sealed class SalesReportTests
{
    private const long Admin = Shop.AdminTelegramId;

    /// <summary>One order as the test placed it: its channel, the Tashkent date it is dated to, its lines, and whether it was cancelled.</summary>
    private sealed record Placed(string Channel, DateOnly Day, (int Product, int Qty, decimal Price, decimal? Cost)[] Lines, bool Cancelled);

    [Fact]
    public async Task Figures_equal_sums_of_the_test_orders_per_channel_and_per_day_with_cancellations_out_and_profit_from_cost_snapshots()
    {
        await using var host = await Shop.StartAsync();
        var kettle = await Shop.ProductAsync(host, "REP-A", 100_000, 100);
        var cup = await Shop.ProductAsync(host, "REP-B", 50_000, 100);
        var tea = await Shop.ProductAsync(host, "REP-C", 30_000, 100); // no cost price: counts at cost 0
        await host.ScalarAsync<int>("UPDATE products SET cost_price = 60000 WHERE id = $1 RETURNING id", kettle);
        await host.ScalarAsync<int>("UPDATE products SET cost_price = 20000 WHERE id = $1 RETURNING id", cup);
        var costs = new Dictionary<int, decimal?> { [kettle] = 60_000, [cup] = 20_000, [tea] = null };

        var placed = new List<Placed>();
        var n = 0;
        // utc: when the order is dated. 18:59:59Z is 23:59:59 in Tashkent (that date); 19:00Z is the next date's midnight.
        async Task Place(string source, string channel, DateTime utc, bool cancel, params (int Product, int Qty, decimal? Price)[] lines)
        {
            await using var db = Shop.Context(host);
            var order = new NewOrder(source, channel, lines.Select(l => new NewOrderLine(l.Product, l.Qty, l.Price)).ToList(), "Report Test", "+998901112233",
                MarketplaceOrderId: channel == "amazing-store" ? null : $"MP-{++n}");
            var o = Assert.IsType<PlaceResult.Placed>(await OrderWorkflow.PlaceAsync(db, order, CancellationToken.None)).Order;
            if (cancel) Assert.True((await OrderWorkflow.TransitionAsync(db, o.Id, OrderStatuses.Cancelled, "test", CancellationToken.None)).Ok);
            await host.ScalarAsync<int>("UPDATE orders SET created_at = $2 WHERE id = $1 RETURNING id", o.Id, utc);
            var day = DateOnly.FromDateTime(utc.AddHours(5));
            placed.Add(new Placed(channel, day, o.Items.Select(i => (i.ProductId!.Value, i.Quantity, i.Price, costs[i.ProductId!.Value])).ToArray(), cancel));
        }

        var d1 = new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        await Place("app", "amazing-store", d1.AddHours(4), false, (kettle, 2, null), (cup, 1, null));
        await Place("app", "amazing-store", d1.AddHours(18).AddMinutes(59).AddSeconds(59), false, (tea, 3, null));
        await Place("uzum", "uzum", d1.AddHours(10), false, (kettle, 1, 95_000m), (tea, 2, 28_000m));
        await Place("ozon", "ozon", d1.AddHours(11), true, (cup, 5, 55_000m)); // cancelled: only counted
        await Place("app", "amazing-store", d1.AddHours(19), false, (cup, 4, null)); // 2026-03-02 00:00 in Tashkent
        await Place("ozon", "ozon", d1.AddDays(1).AddHours(6), false, (kettle, 1, 110_000m), (cup, 2, 52_000m));
        await Place("wildberries", "wildberries", d1.AddDays(2).AddHours(3), false, (tea, 10, 25_000m));
        await Place("app", "amazing-store", d1.AddDays(2).AddHours(8), true, (kettle, 1, null));
        // Outside the range on both sides: 2026-02-28 23:59 and 2026-03-04 00:00 in Tashkent.
        await Place("app", "amazing-store", d1.AddHours(-5).AddMinutes(-1), false, (kettle, 1, null));
        await Place("uzum", "uzum", d1.AddDays(3).AddHours(19), false, (cup, 1, 40_000m));

        // The kettle's cost changes after the sales: their profit stays as sold.
        await host.ScalarAsync<int>("UPDATE products SET cost_price = 90000 WHERE id = $1 RETURNING id", kettle);

        var (status, report) = await Shop.AsAsync(host, Admin, HttpMethod.Get, "/api/admin/reports/sales?from=2026-03-01&to=2026-03-03");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2026-03-01", report.GetProperty("from").GetString());
        Assert.Equal("2026-03-03", report.GetProperty("to").GetString());

        var inRange = placed.Where(p => p.Day >= new DateOnly(2026, 3, 1) && p.Day <= new DateOnly(2026, 3, 3)).ToList();
        var sold = inRange.Where(p => !p.Cancelled).ToList();
        static decimal Revenue(Placed p) => p.Lines.Sum(l => l.Price * l.Qty);
        static decimal Profit(Placed p) => p.Lines.Sum(l => (l.Price - (l.Cost ?? 0)) * l.Qty);
        static int Units(Placed p) => p.Lines.Sum(l => l.Qty);

        var total = report.GetProperty("total");
        Assert.Equal(sold.Count, total.GetProperty("orders").GetInt32());
        Assert.Equal(sold.Sum(Units), total.GetProperty("units").GetInt32());
        Assert.Equal(sold.Sum(Revenue), total.GetProperty("revenue").GetDecimal());
        Assert.Equal(sold.Sum(Profit), total.GetProperty("profit").GetDecimal());
        Assert.Equal(Math.Round(sold.Sum(Revenue) / sold.Count, 2, MidpointRounding.AwayFromZero), total.GetProperty("average_order").GetDecimal());
        Assert.Equal(inRange.Count(p => p.Cancelled), total.GetProperty("cancelled").GetInt32());
        // The same figures written out, so that a wrong expectation above cannot hide a wrong report:
        // revenue 250 000 + 90 000 + 151 000 + 200 000 + 214 000 + 250 000; profit with the kettle at its sold cost of 60 000 (not 90 000).
        Assert.Equal((6, 1_155_000m, 775_000m, 2), (total.GetProperty("orders").GetInt32(), total.GetProperty("revenue").GetDecimal(),
            total.GetProperty("profit").GetDecimal(), total.GetProperty("cancelled").GetInt32()));

        var channels = report.GetProperty("by_channel").EnumerateArray().ToDictionary(c => c.GetProperty("channel").GetString()!);
        Assert.Equal(["amazing-store", "uzum", "wildberries", "ozon"], report.GetProperty("by_channel").EnumerateArray().Select(c => c.GetProperty("channel").GetString()));
        foreach (var slug in new[] { "amazing-store", "uzum", "wildberries", "ozon" })
        {
            var mine = sold.Where(p => p.Channel == slug).ToList();
            var c = channels[slug];
            Assert.Equal((mine.Count, mine.Sum(Units), mine.Sum(Revenue), mine.Sum(Profit)),
                (c.GetProperty("orders").GetInt32(), c.GetProperty("units").GetInt32(), c.GetProperty("revenue").GetDecimal(), c.GetProperty("profit").GetDecimal()));
        }

        var days = report.GetProperty("by_day").EnumerateArray().ToList();
        Assert.Equal(["2026-03-01", "2026-03-02", "2026-03-03"], days.Select(d => d.GetProperty("date").GetString()));
        foreach (var d in days)
        {
            var date = DateOnly.Parse(d.GetProperty("date").GetString()!);
            var mine = sold.Where(p => p.Day == date).ToList();
            Assert.Equal((mine.Count, mine.Sum(Revenue), mine.Sum(Profit)),
                (d.GetProperty("orders").GetInt32(), d.GetProperty("revenue").GetDecimal(), d.GetProperty("profit").GetDecimal()));
            foreach (var slug in channels.Keys)
                Assert.Equal(mine.Where(p => p.Channel == slug).Sum(Revenue), d.GetProperty("channels").GetProperty(slug).GetDecimal());
        }

        var top = report.GetProperty("top_products").EnumerateArray().ToList();
        var expectedTop = sold.SelectMany(p => p.Lines).GroupBy(l => l.Product)
            .Select(g => (Product: g.Key, Units: g.Sum(l => l.Qty), Revenue: g.Sum(l => l.Price * l.Qty), Profit: g.Sum(l => (l.Price - (l.Cost ?? 0)) * l.Qty)))
            .OrderByDescending(x => x.Revenue).ToList();
        Assert.Equal(expectedTop, top.Select(t => (t.GetProperty("product_id").GetInt32(), t.GetProperty("units").GetInt32(),
            t.GetProperty("revenue").GetDecimal(), t.GetProperty("profit").GetDecimal())).ToList());
        Assert.Equal("REP-A", top.Single(t => t.GetProperty("product_id").GetInt32() == kettle).GetProperty("sku").GetString());

        // Stock at today's cost: on hand (reservations are still on hand) × cost; the tea has no cost.
        var onHand = new Dictionary<int, long>();
        foreach (var id in new[] { kettle, cup, tea }) onHand[id] = await host.ScalarAsync<int>("SELECT quantity FROM inventory WHERE product_id = $1", id);
        var stock = report.GetProperty("stock_value");
        Assert.Equal(onHand[kettle] * 90_000m + onHand[cup] * 20_000m, stock.GetProperty("at_cost").GetDecimal());
        Assert.Equal(onHand.Values.Sum(), stock.GetProperty("units").GetInt32());
        Assert.Equal(1, stock.GetProperty("products_without_cost").GetInt32());
        var slow = report.GetProperty("slow_movers").EnumerateArray().Select(s => s.GetProperty("product_id").GetInt32()).ToList();
        Assert.Equal(3, slow.Count);
        Assert.Equal(expectedTop.OrderBy(t => t.Units).First().Product, slow[0]);
    }

    [Fact]
    public async Task Bad_reversed_missing_or_too_long_ranges_are_400_and_customers_403()
    {
        await using var host = await Shop.StartAsync();
        foreach (var (query, field) in new[]
                 {
                     ("from=2026-03-05&to=2026-03-01", "to"), ("from=2026-13-01&to=2026-12-01", "from"), ("from=yesterday&to=2026-03-01", "from"),
                     ("to=2026-03-01", "from"), ("from=2026-03-01", "to"), ("from=2025-01-01&to=2026-01-02", "to"), ("from=2026-02-30&to=2026-03-01", "from"),
                     ("from=2026-03-01%00&to=2026-03-02", "from"),
                 })
        {
            var (status, body) = await Shop.AsAsync(host, Admin, HttpMethod.Get, "/api/admin/reports/sales?" + query);
            Assert.True(status == HttpStatusCode.BadRequest, $"{query} → {(int)status}");
            Assert.Equal("validation_failed", body.GetProperty("code").GetString());
            Assert.True(body.GetProperty("errors").TryGetProperty(field, out _), $"{query}: no error for {field}: {body}");
        }
        var (ok, _) = await Shop.AsAsync(host, Admin, HttpMethod.Get, "/api/admin/reports/sales?from=2025-01-01&to=2026-01-01");
        Assert.Equal(HttpStatusCode.OK, ok); // 366 days is the most
        var (customer, _) = await Shop.AsAsync(host, 6001, HttpMethod.Get, "/api/admin/reports/sales?from=2026-03-01&to=2026-03-01");
        Assert.Equal(HttpStatusCode.Forbidden, customer);
    }

    [Fact]
    public async Task An_empty_range_lists_every_day_and_channel_with_zeros()
    {
        await using var host = await Shop.StartAsync();
        var (status, report) = await Shop.AsAsync(host, Admin, HttpMethod.Get, "/api/admin/reports/sales?from=2026-01-30&to=2026-02-02&lang=ru");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(4, report.GetProperty("by_day").GetArrayLength());
        Assert.All(report.GetProperty("by_channel").EnumerateArray(), c => Assert.Equal(0m, c.GetProperty("revenue").GetDecimal()));
        Assert.Equal((0, 0m), (report.GetProperty("total").GetProperty("orders").GetInt32(), report.GetProperty("total").GetProperty("average_order").GetDecimal()));
        Assert.Equal(JsonValueKind.Array, report.GetProperty("top_products").ValueKind);
    }
}
