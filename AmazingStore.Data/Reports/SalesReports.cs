using Npgsql;
using NpgsqlTypes;

namespace AmazingStore.Data.Reports;

/// <summary>
/// Sales figures for a range of Tashkent dates, read straight from the orders and their lines: revenue is the
/// lines' subtotals (delivery fees are not sales), profit is revenue less each line's cost snapshot
/// (order_items.cost_price, taken when the order was placed; a line without one counts at cost 0), so a later
/// change of a product's cost never rewrites past profit. Cancelled and returned orders are only counted.
/// Measured instead of kept in a rollup: a year over 100 000 orders is one pass over the range's index and
/// lines (bench "sales report"), and a rollup would add a write to every order and every status change.
/// </summary>
public sealed class SalesReports(NpgsqlDataSource dataSource)
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
        var start = StartUtc(from);
        var end = StartUtc(to.AddDays(1));
        var ru = lang == "ru";

        await using var conn = await dataSource.OpenConnectionAsync(ct);
        // One snapshot for all five statements, so the totals, the products and the stock agree.
        await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using var batch = new NpgsqlBatch(conn, tx);
        batch.BatchCommands.Add(Cmd("SELECT id, slug FROM marketplaces ORDER BY id"));
        // Orders per day, channel and kind from the orders alone (the range index holds channel and status), and the
        // sales' sums per day and channel straight from their lines: no per-order step in between.
        batch.BatchCommands.Add(Cmd($"""
            SELECT {Day("created_at")}, marketplace_id, {Kind}, count(*)::int
              FROM orders WHERE created_at >= $1 AND created_at < $2
             GROUP BY 1, 2, 3
            """, Ts(start), Ts(end)));
        batch.BatchCommands.Add(Cmd($"""
            SELECT {Day("o.created_at")}, o.marketplace_id, sum(i.quantity)::int, sum(i.subtotal),
                   sum(i.subtotal - COALESCE(i.cost_price, 0) * i.quantity)
              FROM orders o JOIN order_items i ON i.order_id = o.id
             WHERE o.created_at >= $1 AND o.created_at < $2 AND o.status NOT IN ('cancelled', 'returned')
             GROUP BY 1, 2
            """, Ts(start), Ts(end)));
        // Top products and slow movers share the range's sales per product; rank orders each list.
        batch.BatchCommands.Add(Cmd($"""
            WITH sold AS MATERIALIZED (
                SELECT i.product_id, CASE WHEN i.product_id IS NULL THEN i.product_sku END AS loose_sku,
                       max(CASE WHEN i.product_id IS NULL THEN i.product_sku END) AS sku,
                       max(CASE WHEN i.product_id IS NULL THEN i.product_name END) AS name, sum(i.quantity)::int AS units,
                       sum(i.subtotal) AS revenue, sum(i.subtotal - COALESCE(i.cost_price, 0) * i.quantity) AS profit
                  FROM orders o JOIN order_items i ON i.order_id = o.id
                 WHERE o.created_at >= $1 AND o.created_at < $2 AND o.status NOT IN ('cancelled', 'returned')
                 GROUP BY 1, 2),
            top AS (
                SELECT * FROM sold ORDER BY revenue DESC, units DESC, product_id NULLS LAST, loose_sku LIMIT $3),
            slow AS (
                SELECT p.id, p.sku, {Name("p", ru)} AS name, inv.quantity AS stock,
                       inv.quantity * COALESCE(p.cost_price, 0) AS value, COALESCE(s.units, 0) AS units
                  FROM inventory inv JOIN products p ON p.id = inv.product_id
                  LEFT JOIN sold s ON s.product_id = p.id
                 WHERE p.is_active AND inv.quantity > 0
                 ORDER BY COALESCE(s.units, 0), inv.quantity * COALESCE(p.cost_price, 0) DESC, p.id LIMIT $3)
            SELECT 0 AS list, row_number() OVER (ORDER BY t.revenue DESC, t.units DESC, t.product_id NULLS LAST, t.loose_sku) AS rank,
                   t.product_id, COALESCE(p.sku, t.sku, ''), COALESCE({Name("p", ru)}, t.name, ''), t.units, t.revenue, t.profit, 0
              FROM top t LEFT JOIN products p ON p.id = t.product_id
            UNION ALL
            SELECT 1, row_number() OVER (ORDER BY units, value DESC, id), id, sku, name, units, value, 0, stock FROM slow
            ORDER BY 1, 2
            """, Ts(start), Ts(end), new NpgsqlParameter { Value = TopCount, NpgsqlDbType = NpgsqlDbType.Integer }));
        batch.BatchCommands.Add(Cmd("""
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
            var counts = new List<(DateOnly Day, int Channel, char Kind, int Orders)>();
            while (await r.ReadAsync(ct)) counts.Add((r.GetFieldValue<DateOnly>(0), r.GetInt32(1), r.GetString(2)[0], r.GetInt32(3)));
            await r.NextResultAsync(ct);
            var sums = new Dictionary<(DateOnly, int), (int Units, decimal Revenue, decimal Profit)>();
            while (await r.ReadAsync(ct)) sums[(r.GetFieldValue<DateOnly>(0), r.GetInt32(1))] = (r.GetInt32(2), r.GetDecimal(3), r.GetDecimal(4));
            foreach (var c in counts)
            {
                var sum = c.Kind == 's' ? sums.GetValueOrDefault((c.Day, c.Channel)) : default;
                cells.Add((c.Day, c.Channel, c.Kind, c.Orders, sum.Units, sum.Revenue, sum.Profit));
            }
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

    /// <summary>s = a sale, c = cancelled, r = returned (the status from the returns work, when it lands).</summary>
    private const string Kind = "CASE status WHEN 'cancelled' THEN 'c' WHEN 'returned' THEN 'r' ELSE 's' END";

    private static string Day(string column) => $"(({column} AT TIME ZONE 'UTC') + interval '5 hours')::date";

    private static string Name(string alias, bool ru) => ru ? $"COALESCE(NULLIF({alias}.name_ru, ''), {alias}.name_uz)" : $"{alias}.name_uz";

    /// <summary>Money as numeric(…, 2) holds it: two decimals, halves away from zero.</summary>
    private static decimal M(decimal d) => Math.Round(d, 2, MidpointRounding.AwayFromZero) + 0.00m;

    private static NpgsqlParameter Ts(DateTime utc) => new() { Value = utc, NpgsqlDbType = NpgsqlDbType.TimestampTz };

    private static NpgsqlBatchCommand Cmd(string sql, params NpgsqlParameter[] args)
    {
        var c = new NpgsqlBatchCommand(sql);
        c.Parameters.AddRange(args);
        return c;
    }
}
