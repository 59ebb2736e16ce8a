using Npgsql;
using NpgsqlTypes;

namespace AmazingStore.Data.Reports;

/// <summary>
/// Sales figures for a range of Tashkent dates from the orders and their lines: revenue is the lines' subtotals
/// (delivery fees are not sales), profit is revenue less each line's cost snapshot (order_items.cost_price, taken
/// when the order was placed; a line without one counts at cost 0), so a later change of a product's cost never
/// rewrites past profit. Cancelled and returned orders are only counted. Closed days come from their rollup
/// (<see cref="SalesRollup"/>): a year over 100 000 orders was ~0.3 s of database time per report read live,
/// mostly joining every order to its lines twice; the rest is read live with the rollup's own queries.
/// </summary>
public sealed class SalesReports(NpgsqlDataSource dataSource, SalesRollup rollup)
{
    /// <summary>Tashkent is UTC+5 all year (no daylight saving).</summary>
    public static readonly TimeSpan TashkentOffset = TimeSpan.FromHours(5);

    /// <summary>The longest range one report covers (a leap year).</summary>
    public const int MaxDays = 366;

    public const int TopCount = 10;

    /// <summary>Today's date in Tashkent.</summary>
    public static DateOnly TashkentToday(DateTimeOffset now) => DateOnly.FromDateTime((now.UtcDateTime + TashkentOffset).Date);

    /// <summary>The UTC instant a Tashkent date begins.</summary>
    public static DateTime StartUtc(DateOnly date) => DateTime.SpecifyKind(date.ToDateTime(TimeOnly.MinValue) - TashkentOffset, DateTimeKind.Utc);

    public async Task<SalesReport> BuildAsync(DateOnly from, DateOnly to, string lang, CancellationToken ct)
    {
        if (to < from || to.DayNumber - from.DayNumber + 1 > MaxDays) throw new ArgumentOutOfRangeException(nameof(to), "from..to must be 1 to 366 days.");
        var ru = lang == "ru";
        await rollup.EnsureAsync(from, to, ct);

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for every statement, so the rolled-up days, the live days, the products and the stock agree.
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        // Summing a year of per-day product rows (~190 000 on the bench) by hash instead of an on-disk sort, and
        // without parallel workers, which on two cores only queue behind the other report: 180 ms → ~40 ms. No JIT:
        // the live part's cost estimate (unknown ranges) passes jit_above_cost, and compiling took 20–60 ms to save none.
        // Custom plans only: from the sixth report on, the auto-prepared statements' generic plans (arrays of days
        // and ranges of unknown size) scanned all orders and lines, ~190 ms of database time per report.
        await using (var set = new NpgsqlCommand("SET LOCAL work_mem = '16MB'; SET LOCAL max_parallel_workers_per_gather = 0; SET LOCAL jit = off; SET LOCAL plan_cache_mode = force_custom_plan", conn, tx))
            await set.ExecuteNonQueryAsync(ct);
        var rolled = new List<DateOnly>();
        await using (var cmd = new NpgsqlCommand("""
            SELECT d.day FROM sales_rollup_days d
             WHERE d.day BETWEEN $1 AND $2 AND NOT EXISTS (SELECT 1 FROM sales_rollup_stale s WHERE s.day = d.day)
            """, conn, tx))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = from, NpgsqlDbType = NpgsqlDbType.Date });
            cmd.Parameters.Add(new NpgsqlParameter { Value = to, NpgsqlDbType = NpgsqlDbType.Date });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) rolled.Add(r.GetFieldValue<DateOnly>(0));
        }
        var rolledSet = rolled.ToHashSet();
        var live = new List<DateOnly>();
        for (var d = from; d <= to; d = d.AddDays(1)) if (!rolledSet.Contains(d)) live.Add(d);
        var (starts, ends) = SalesRollup.Ranges(live);
        // Products: whole months from their month rows, the other rolled-up days from their day rows, the rest live.
        var months = SalesRollup.WholeMonths(from, to, rolledSet);
        var rolledDays = rolled.Where(d => !months.Contains(new DateOnly(d.Year, d.Month, 1))).ToList();

        await using var batch = new NpgsqlBatch(conn, tx);
        batch.BatchCommands.Add(SalesRollup.Command("SELECT id, slug FROM marketplaces ORDER BY id"));
        batch.BatchCommands.Add(SalesRollup.Command($"""
            SELECT day, marketplace_id, kind, orders, units, revenue, profit FROM sales_rollup_channels WHERE day = ANY($3)
            UNION ALL
            {SalesRollup.ChannelRows("$1", "$2")}
            """, SalesRollup.Instants(starts), SalesRollup.Instants(ends), SalesRollup.Dates(rolled)));
        // Top products and slow movers share the range's sales per product; rank orders each list.
        batch.BatchCommands.Add(SalesRollup.Command($"""
            WITH sold AS MATERIALIZED (
                SELECT product_id, loose_sku, max(loose_name) AS name, sum(units)::int AS units,
                       sum(revenue_tiyin) AS revenue, sum(profit_tiyin) AS profit
                  FROM (SELECT product_id, loose_sku, loose_name, units, revenue_tiyin, profit_tiyin
                          FROM sales_rollup_product_months WHERE month = ANY($5)
                        UNION ALL
                        SELECT product_id, loose_sku, loose_name, units, revenue_tiyin, profit_tiyin
                          FROM sales_rollup_products WHERE day = ANY($3)
                        UNION ALL
                        SELECT product_id, loose_sku, loose_name, units, revenue_tiyin, profit_tiyin
                          FROM ({SalesRollup.ProductRows("$1", "$2")}) AS l) AS x
                 GROUP BY product_id, loose_sku),
            top AS (
                SELECT * FROM sold ORDER BY revenue DESC, units DESC, product_id NULLS LAST, loose_sku LIMIT $4),
            slow AS (
                SELECT p.id, p.sku, {Name("p", ru)} AS name, inv.quantity AS stock,
                       inv.quantity * COALESCE(p.cost_price, 0) AS value, COALESCE(s.units, 0) AS units
                  FROM inventory inv JOIN products p ON p.id = inv.product_id
                  LEFT JOIN sold s ON s.product_id = p.id
                 WHERE p.is_active AND inv.quantity > 0
                 ORDER BY COALESCE(s.units, 0), inv.quantity * COALESCE(p.cost_price, 0) DESC, p.id LIMIT $4)
            SELECT 0 AS list, row_number() OVER (ORDER BY t.revenue DESC, t.units DESC, t.product_id NULLS LAST, t.loose_sku) AS rank,
                   t.product_id, COALESCE(p.sku, t.loose_sku, ''), COALESCE({Name("p", ru)}, t.name, ''), t.units, t.revenue / 100, t.profit / 100, 0
              FROM top t LEFT JOIN products p ON p.id = t.product_id
            UNION ALL
            SELECT 1, row_number() OVER (ORDER BY units, value DESC, id), id, sku, name, units, value, 0, stock FROM slow
            ORDER BY 1, 2
            """, SalesRollup.Instants(starts), SalesRollup.Instants(ends), SalesRollup.Dates(rolledDays),
            new NpgsqlParameter { Value = TopCount, NpgsqlDbType = NpgsqlDbType.Integer }, SalesRollup.Dates(months)));
        batch.BatchCommands.Add(SalesRollup.Command("""
            SELECT COALESCE(sum(inv.quantity * p.cost_price), 0), COALESCE(sum(inv.quantity), 0)::int,
                   count(*) FILTER (WHERE p.cost_price IS NULL AND inv.quantity > 0)::int
              FROM inventory inv JOIN products p ON p.id = inv.product_id
            """));

        var slugs = new Dictionary<int, string>();
        var cells = new List<(DateOnly Day, int Channel, char Kind, int Orders, int Units, decimal Revenue, decimal Profit)>();
        var top = new List<ProductSales>();
        var slow = new List<SlowMover>();
        StockValue stock;
        await using (var r = await batch.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct)) slugs[r.GetInt32(0)] = r.GetString(1);
            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
                cells.Add((r.GetFieldValue<DateOnly>(0), r.GetInt32(1), r.GetString(2)[0], r.GetInt32(3), r.GetInt32(4), r.GetDecimal(5), r.GetDecimal(6)));
            await r.NextResultAsync(ct);
            while (await r.ReadAsync(ct))
            {
                int? productId = r.IsDBNull(2) ? null : r.GetInt32(2);
                if (r.GetInt32(0) == 0)
                    top.Add(new ProductSales(productId, r.GetString(3), r.GetString(4), r.GetInt32(5), M(r.GetDecimal(6)), M(r.GetDecimal(7))));
                else
                    slow.Add(new SlowMover(productId!.Value, r.GetString(3), r.GetString(4), r.GetInt32(8), M(r.GetDecimal(6)), r.GetInt32(5)));
            }
            await r.NextResultAsync(ct);
            await r.ReadAsync(ct);
            stock = new StockValue(M(r.GetDecimal(0)), r.GetInt32(1), r.GetInt32(2));
        }
        await tx.CommitAsync(ct);
        return Assemble(from, to, slugs, cells, top, slow, stock);
    }

    private static SalesReport Assemble(DateOnly from, DateOnly to, Dictionary<int, string> slugs,
        List<(DateOnly Day, int Channel, char Kind, int Orders, int Units, decimal Revenue, decimal Profit)> cells,
        List<ProductSales> top, List<SlowMover> slow, StockValue stock)
    {
        var sales = cells.Where(c => c.Kind == 's').ToList();
        var orders = sales.Sum(c => c.Orders);
        var revenue = sales.Sum(c => c.Revenue);
        var total = new SalesTotal(orders, sales.Sum(c => c.Units), M(revenue), M(sales.Sum(c => c.Profit)),
            orders == 0 ? 0.00m : M(revenue / orders), cells.Where(c => c.Kind == 'c').Sum(c => c.Orders), cells.Where(c => c.Kind == 'r').Sum(c => c.Orders));
        // Every channel, the own store first, so that shares and colours stay put from one report to the next.
        var channels = slugs.OrderBy(s => s.Value == OwnStore ? 0 : 1).ThenBy(s => s.Key).ToList();
        var byChannel = channels.Select(ch =>
        {
            var mine = sales.Where(c => c.Channel == ch.Key).ToList();
            return new ChannelSales(ch.Value, mine.Sum(c => c.Orders), mine.Sum(c => c.Units), M(mine.Sum(c => c.Revenue)), M(mine.Sum(c => c.Profit)));
        }).ToList();
        var byDay = new List<DaySales>(to.DayNumber - from.DayNumber + 1);
        var perDay = sales.ToLookup(c => c.Day);
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            var day = perDay[d].ToList();
            byDay.Add(new DaySales(d, day.Sum(c => c.Orders), M(day.Sum(c => c.Revenue)), M(day.Sum(c => c.Profit)),
                channels.ToDictionary(ch => ch.Value, ch => M(day.Where(c => c.Channel == ch.Key).Sum(c => c.Revenue)))));
        }
        return new SalesReport(from, to, total, byChannel, byDay, top, stock, slow);
    }

    public const string OwnStore = "amazing-store";

    private static string Name(string alias, bool ru) => ru ? $"COALESCE(NULLIF({alias}.name_ru, ''), {alias}.name_uz)" : $"{alias}.name_uz";

    /// <summary>Money as numeric(…, 2) holds it: two decimals, halves away from zero.</summary>
    private static decimal M(decimal d) => Math.Round(d, 2, MidpointRounding.AwayFromZero) + 0.00m;
}
