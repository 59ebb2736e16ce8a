using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace AmazingStore.Data.Reports;

/// <summary>
/// The sales report's figures per closed Tashkent day (migration 0081): orders and their lines' sums per channel
/// and kind, and sales per product. A day is built the first time a report covers it after it closed, with
/// the same queries the report runs live for open days (<see cref="ChannelRows"/>, <see cref="ProductRows"/>),
/// and rebuilt when 0081's triggers mark it stale. Nothing here runs on the order path, and the rollup only
/// saves work: a day not built (or marked stale) is read live, so a failed build costs time, never figures.
/// </summary>
public sealed class SalesRollup(NpgsqlDataSource dataSource, TimeProvider clock, ILogger<SalesRollup> log)
{
    // Any constant works; it only has to be the same for every instance of the store.
    private const long LockKey = 0x5341_4C45_5352;

    /// <summary>A day is closed this long after it ends: 0081's insert trigger marks orders dated over an hour
    /// back, so a transaction would have to stay open an hour to slip a row into a built day unseen.</summary>
    public static readonly TimeSpan Settle = TimeSpan.FromHours(2);

    /// <summary>The last Tashkent day that may be rolled up now.</summary>
    public DateOnly LastClosedDay => SalesReports.TashkentToday(clock.GetUtcNow() - Settle).AddDays(-1);

    /// <summary>Builds the closed days of from..to that are not built yet or were marked stale; returns how many.</summary>
    public async Task<int> EnsureAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var last = to < LastClosedDay ? to : LastClosedDay;
        if (last < from) return 0;
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        // Looked at without the lock first: after the first report, most reports find nothing to build.
        if ((await DaysToBuildAsync(conn, null, from, last, claim: false, ct)).Count == 0) return 0;
        await using (var lockCmd = new NpgsqlCommand($"SELECT pg_advisory_lock({LockKey})", conn)) await lockCmd.ExecuteNonQueryAsync(ct);
        try
        {
            // The snapshot is taken after the lock, so it sees what a build that held the lock before us wrote.
            await using var tx = await conn.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
            var days = await DaysToBuildAsync(conn, tx, from, last, claim: true, ct);
            if (days.Count == 0) return 0;
            var (starts, ends) = Ranges(days);
            await using var batch = new NpgsqlBatch(conn, tx);
            batch.BatchCommands.Add(Command("DELETE FROM sales_rollup_days WHERE day = ANY($1)", Dates(days)));
            batch.BatchCommands.Add(Command("INSERT INTO sales_rollup_days (day) SELECT unnest($1::date[])", Dates(days)));
            batch.BatchCommands.Add(Command($"""
                INSERT INTO sales_rollup_channels (day, marketplace_id, kind, orders, units, revenue, profit)
                {ChannelRows("$1", "$2")}
                """, Instants(starts), Instants(ends)));
            batch.BatchCommands.Add(Command($"""
                INSERT INTO sales_rollup_products (day, product_id, loose_sku, loose_name, units, revenue_tiyin, profit_tiyin)
                {ProductRows("$1", "$2")}
                """, Instants(starts), Instants(ends)));
            // The months these days fall in, summed again from their days when every day of the month is built.
            const string touched = "SELECT DISTINCT date_trunc('month', d)::date FROM unnest($1::date[]) AS d";
            batch.BatchCommands.Add(Command($"DELETE FROM sales_rollup_product_months WHERE month IN ({touched})", Dates(days)));
            batch.BatchCommands.Add(Command($"""
                WITH touched (month) AS ({touched}),
                complete AS (
                    SELECT t.month, (t.month + interval '1 month')::date AS next FROM touched t
                     WHERE (SELECT count(*) FROM sales_rollup_days d WHERE d.day >= t.month AND d.day < (t.month + interval '1 month')::date)
                           = (t.month + interval '1 month')::date - t.month)
                INSERT INTO sales_rollup_product_months (month, product_id, loose_sku, loose_name, units, revenue_tiyin, profit_tiyin)
                SELECT c.month, p.product_id, p.loose_sku, max(p.loose_name), sum(p.units)::int, sum(p.revenue_tiyin), sum(p.profit_tiyin)
                  FROM complete c JOIN sales_rollup_products p ON p.day >= c.month AND p.day < c.next
                 GROUP BY 1, 2, 3
                """, Dates(days)));
            await batch.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
            return days.Count;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected)
        {
            // A product deleted for good while we built (its rows cascade away under us): the days stay live.
            log.LogInformation("Sales rollup build of {From}..{To} gave way to a concurrent change ({State}); those days are read live", from, last, e.SqlState);
            return 0;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand($"SELECT pg_advisory_unlock({LockKey})", conn);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>The days of from..to not built or marked stale; <paramref name="claim"/> removes their stale marks
    /// (inside the build's transaction, so a mark written after its snapshot stays for the next build).</summary>
    private static async Task<List<DateOnly>> DaysToBuildAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, DateOnly from, DateOnly to, bool claim, CancellationToken ct)
    {
        var stale = claim
            ? "WITH stale AS (DELETE FROM sales_rollup_stale WHERE day BETWEEN $1 AND $2 RETURNING day)"
            : "WITH stale AS (SELECT day FROM sales_rollup_stale WHERE day BETWEEN $1 AND $2)";
        await using var cmd = new NpgsqlCommand($"""
            {stale}
            SELECT g::date FROM generate_series($1::date, $2::date, interval '1 day') AS g
             WHERE NOT EXISTS (SELECT 1 FROM sales_rollup_days d WHERE d.day = g::date)
                OR g::date IN (SELECT day FROM stale)
             ORDER BY 1
            """, conn, tx);
        cmd.Parameters.Add(new NpgsqlParameter { Value = from, NpgsqlDbType = NpgsqlDbType.Date });
        cmd.Parameters.Add(new NpgsqlParameter { Value = to, NpgsqlDbType = NpgsqlDbType.Date });
        var days = new List<DateOnly>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) days.Add(r.GetFieldValue<DateOnly>(0));
        return days;
    }

    /// <summary>
    /// Orders per Tashkent day, channel and kind, with their lines' units, revenue and profit (cost snapshot per
    /// line, none = 0), for the orders placed in the UTC ranges <paramref name="starts"/>[i]..<paramref name="ends"/>[i].
    /// </summary>
    public static string ChannelRows(string starts, string ends) => $"""
        SELECT sales_rollup_day(o.created_at) AS day, o.marketplace_id, sales_kind(o.status) AS kind, count(*)::int AS orders,
               COALESCE(sum(l.units), 0)::int AS units, COALESCE(sum(l.revenue), 0) AS revenue, COALESCE(sum(l.profit), 0) AS profit
          FROM unnest({starts}::timestamptz[], {ends}::timestamptz[]) AS r(s, e)
          JOIN orders o ON o.created_at >= r.s AND o.created_at < r.e
         CROSS JOIN LATERAL (SELECT sum(i.quantity) AS units, sum(i.subtotal) AS revenue,
                                    sum(i.subtotal - COALESCE(i.cost_price, 0) * i.quantity) AS profit
                               FROM order_items i WHERE i.order_id = o.id) AS l
         GROUP BY 1, 2, 3
        """;

    /// <summary>Sales per Tashkent day and product (cancelled and returned orders left out), money in tiyin; a line
    /// without a known product is kept by the SKU and name the order recorded.</summary>
    public static string ProductRows(string starts, string ends) => $"""
        SELECT sales_rollup_day(o.created_at) AS day, i.product_id,
               CASE WHEN i.product_id IS NULL THEN i.product_sku END AS loose_sku,
               max(CASE WHEN i.product_id IS NULL THEN i.product_name END) AS loose_name,
               sum(i.quantity)::int AS units, (sum(i.subtotal) * 100)::bigint AS revenue_tiyin,
               (sum(i.subtotal - COALESCE(i.cost_price, 0) * i.quantity) * 100)::bigint AS profit_tiyin
          FROM unnest({starts}::timestamptz[], {ends}::timestamptz[]) AS r(s, e)
          JOIN orders o ON o.created_at >= r.s AND o.created_at < r.e
          JOIN order_items i ON i.order_id = o.id
         WHERE sales_kind(o.status) = 's'
         GROUP BY 1, 2, 3
        """;

    /// <summary>The calendar months (their first days) wholly inside from..to whose every day is in <paramref name="rolled"/>:
    /// read from sales_rollup_product_months, which holds exactly the months whose every day is built.</summary>
    public static List<DateOnly> WholeMonths(DateOnly from, DateOnly to, IReadOnlySet<DateOnly> rolled)
    {
        var months = new List<DateOnly>();
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= to; m = m.AddMonths(1))
        {
            if (m < from || m.AddMonths(1).AddDays(-1) > to) continue;
            var whole = true;
            for (var d = m; whole && d < m.AddMonths(1); d = d.AddDays(1)) whole = rolled.Contains(d);
            if (whole) months.Add(m);
        }
        return months;
    }

    /// <summary>The UTC instants that bound each run of consecutive days.</summary>
    public static (DateTime[] Starts, DateTime[] Ends) Ranges(IReadOnlyList<DateOnly> sortedDays)
    {
        var starts = new List<DateTime>();
        var ends = new List<DateTime>();
        for (var i = 0; i < sortedDays.Count; i++)
        {
            var first = sortedDays[i];
            while (i + 1 < sortedDays.Count && sortedDays[i + 1] == sortedDays[i].AddDays(1)) i++;
            starts.Add(SalesReports.StartUtc(first));
            ends.Add(SalesReports.StartUtc(sortedDays[i].AddDays(1)));
        }
        return ([.. starts], [.. ends]);
    }

    public static NpgsqlParameter Instants(DateTime[] utc) => new() { Value = utc, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz };

    public static NpgsqlParameter Dates(IReadOnlyList<DateOnly> days) => new() { Value = days.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date };

    public static NpgsqlBatchCommand Command(string sql, params NpgsqlParameter[] args)
    {
        var c = new NpgsqlBatchCommand(sql);
        c.Parameters.AddRange(args);
        return c;
    }
}
