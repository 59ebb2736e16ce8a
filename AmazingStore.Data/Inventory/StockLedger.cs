using System.Text.Json;
using Npgsql;
using static AmazingStore.Data.DbTransactions;

namespace AmazingStore.Data.Inventory;

/// <summary>
/// The one code path that changes stock, for the store API, bot commands and marketplace imports.
/// Every method joins the StoreDb's open transaction (or opens its own), changes figures only with
/// conditional UPDATEs computed in SQL, writes one inventory_movements row per change and queues a
/// marketplace stock push. Rows are locked in product-id order, so concurrent multi-product
/// callers cannot deadlock.
/// </summary>
public static class StockLedger
{
    public static Task<IReadOnlyList<ShortLine>> ReserveAsync(StoreDb db, IReadOnlyList<StockLine> lines, LedgerReference why, CancellationToken ct)
    {
        var merged = Merge(lines);
        if (merged.Count == 0) return Task.FromResult<IReadOnlyList<ShortLine>>([]);
        return RunAsync<IReadOnlyList<ShortLine>>(db, async (conn, tx) =>
        {
            var locked = await LockAsync(conn, tx, merged.Select(l => l.ProductId).ToArray(), ct);
            await using var batch = new NpgsqlBatch(conn, tx);
            var (shorts, pending) = await ReserveLockedAsync(conn, tx, merged, locked, why, batch, strict: false, ct);
            if (pending is not null)
            {
                await using var r = await batch.ExecuteReaderAsync(ct);
                await pending.CheckAsync(r, ct);
            }
            return shorts;
        }, ct);
    }

    /// <summary>
    /// Reserves all lines or none, on rows the caller has already locked with <see cref="LockCommand"/>
    /// (the order workflow sends that lock with its other first reads, saving a round trip). With
    /// <paramref name="into"/>, the ledger's statements join the caller's batch instead of running now;
    /// the caller must then check them with the returned <see cref="PendingApply"/> (<paramref name="strict"/>:
    /// see <see cref="PendingApply.AddTo"/>).
    /// </summary>
    internal static async Task<(IReadOnlyList<ShortLine> Shorts, PendingApply? Pending)> ReserveLockedAsync(NpgsqlConnection conn,
        NpgsqlTransaction? tx, IReadOnlyList<StockLine> lines, IReadOnlyDictionary<int, LockedRow> locked, LedgerReference why,
        NpgsqlBatch into, bool strict, CancellationToken ct)
    {
        var merged = Merge(lines);
        if (merged.Count == 0) return ([], null);
        var names = await NamesAsync(conn, tx, merged.Select(l => l.ProductId).Where(id => !locked.ContainsKey(id)).ToArray(), ct);
        var shorts = new List<ShortLine>();
        foreach (var line in merged)
        {
            // A product without stock row, unknown or deactivated has nothing to sell.
            var row = locked.GetValueOrDefault(line.ProductId);
            var available = row is null || !row.IsActive ? 0 : row.Quantity - row.Reserved;
            if (available >= line.Quantity) continue;
            var (sku, name) = row is not null ? (row.Sku, row.Name) : names.GetValueOrDefault(line.ProductId, ("", ""));
            shorts.Add(new ShortLine(line.ProductId, sku, name, line.Quantity, Math.Max(available, 0)));
        }
        if (shorts.Count > 0) return (shorts, null);
        return (shorts, PendingApply.AddTo(into, merged.Select(l => (l.ProductId, 0, l.Quantity)).ToList(), MovementTypes.Reserve, why, strict));
    }

    public static Task ReleaseAsync(StoreDb db, IReadOnlyList<StockLine> lines, LedgerReference why, CancellationToken ct) =>
        MoveAsync(db, lines, MovementTypes.Release, q => (0, -q), why, ct);

    public static Task ShipAsync(StoreDb db, IReadOnlyList<StockLine> lines, LedgerReference why, CancellationToken ct) =>
        MoveAsync(db, lines, MovementTypes.Ship, q => (-q, -q), why, ct);

    /// <summary>Units that came back (a returned order): on hand again, and every marketplace is told through the stock push.</summary>
    public static Task ReturnAsync(StoreDb db, IReadOnlyList<StockLine> lines, LedgerReference why, CancellationToken ct) =>
        MoveAsync(db, lines, MovementTypes.Return, q => (q, 0), why, ct);

    /// <summary>Returned units that will not be sold again: off on-hand again, as their own movement type.</summary>
    public static Task WriteOffAsync(StoreDb db, IReadOnlyList<StockLine> lines, LedgerReference why, CancellationToken ct) =>
        MoveAsync(db, lines, MovementTypes.WriteOff, q => (-q, 0), why, ct);

    /// <summary>
    /// Changes on-hand stock by <paramref name="change"/> or to <paramref name="set"/> (exactly one).
    /// Refused, with nothing written, when on-hand would fall below reserved or below zero.
    /// </summary>
    public static Task<AdjustResult> AdjustAsync(StoreDb db, int productId, int? change, int? set, LedgerReference why,
        CancellationToken ct, string movementType = MovementTypes.Adjustment)
    {
        if (change is null == set is null)
            throw new ArgumentException("Give exactly one of change and set.");
        return RunAsync(db, async (conn, tx) =>
        {
            await using (var exists = Command(conn, tx, """
                INSERT INTO inventory (product_id, quantity, reserved_quantity)
                SELECT id, 0, 0 FROM products WHERE id = $1
                ON CONFLICT (product_id) DO NOTHING
                """, Int(productId)))
                await exists.ExecuteNonQueryAsync(ct);

            var locked = await LockAsync(conn, tx, [productId], ct);
            if (!locked.TryGetValue(productId, out var row))
                return new AdjustResult(false, new StockFigures(productId, 0, 0, 0), "not_found");

            var current = new StockFigures(productId, row.Quantity, row.Reserved, row.Quantity - row.Reserved);
            // The row is locked for the rest of the transaction, so the delta for "set" is exact.
            long delta = change ?? (long)set!.Value - row.Quantity;
            if (row.Quantity + delta < 0) return new AdjustResult(false, current, "negative");
            if (row.Quantity + delta < row.Reserved) return new AdjustResult(false, current, "below_reserved");
            if (delta == 0 && movementType == MovementTypes.Adjustment) return new AdjustResult(true, current, null);

            var after = await ApplyAsync(conn, tx, [(productId, (int)delta, 0)], movementType, why, ct);
            return new AdjustResult(true, after[0], null);
        }, ct);
    }

    /// <summary>
    /// Sets on-hand stock of many products at once (a catalog file import): every row locked in product-id
    /// order in one statement, then one conditional UPDATE with its ledger rows and one marketplace push,
    /// whatever the count. All or nothing: when any target is below its reserved units (or zero), nothing
    /// is written and the refused targets are returned. Targets equal to on hand write nothing.
    /// </summary>
    public static Task<IReadOnlyList<StockRefusal>> SetManyAsync(StoreDb db, IReadOnlyList<StockTarget> targets, LedgerReference why,
        CancellationToken ct, string movementType = MovementTypes.Adjustment)
    {
        if (targets.Select(t => t.ProductId).Distinct().Count() != targets.Count)
            throw new ArgumentException("Each product at most once.", nameof(targets));
        if (targets.Count == 0) return Task.FromResult<IReadOnlyList<StockRefusal>>([]);
        var ids = targets.Select(t => t.ProductId).Order().ToArray();
        return RunAsync<IReadOnlyList<StockRefusal>>(db, async (conn, tx) =>
        {
            await using (var exists = Command(conn, tx, """
                INSERT INTO inventory (product_id, quantity, reserved_quantity)
                SELECT id, 0, 0 FROM products WHERE id = ANY($1) ORDER BY id
                ON CONFLICT (product_id) DO NOTHING
                """, Ints(ids)))
                await exists.ExecuteNonQueryAsync(ct);
            var locked = await LockAsync(conn, tx, ids, ct);
            var refused = new List<StockRefusal>();
            var lines = new List<(int ProductId, int Dq, int Dr)>();
            foreach (var t in targets.OrderBy(t => t.ProductId))
            {
                if (!locked.TryGetValue(t.ProductId, out var row)) throw new ArgumentException($"Unknown product {t.ProductId}.", nameof(targets));
                if (t.Quantity < 0 || t.Quantity < row.Reserved) refused.Add(new StockRefusal(t.ProductId, t.Quantity, row.Quantity, row.Reserved));
                else if (t.Quantity != row.Quantity) lines.Add((t.ProductId, t.Quantity - row.Quantity, 0));
            }
            if (refused.Count > 0 || lines.Count == 0) return refused;
            await ApplyAsync(conn, tx, lines, movementType, why, ct);
            return refused;
        }, ct);
    }

    /// <summary>The figures of one product; zeros for a product without an inventory row, null for an unknown product.</summary>
    public static Task<StockFigures?> GetAsync(StoreDb db, int productId, CancellationToken ct) =>
        RunAsync(db, async (conn, tx) =>
        {
            await using var cmd = Command(conn, tx, """
                SELECT COALESCE(i.quantity, 0), COALESCE(i.reserved_quantity, 0)
                FROM products p LEFT JOIN inventory i ON i.product_id = p.id WHERE p.id = $1
                """, Int(productId));
            await using var r = await cmd.ExecuteReaderAsync(ct);
            if (!await r.ReadAsync(ct)) return null;
            int q = r.GetInt32(0), res = r.GetInt32(1);
            return (StockFigures?)new StockFigures(productId, q, res, q - res);
        }, ct);

    /// <summary>Products whose inventory figures differ from the sums of their ledger rows (empty = the ledger reconciles).</summary>
    public static Task<IReadOnlyList<LedgerMismatch>> ReconcileAsync(StoreDb db, CancellationToken ct) =>
        RunAsync<IReadOnlyList<LedgerMismatch>>(db, async (conn, tx) =>
        {
            await using var cmd = Command(conn, tx, """
                SELECT p.id, COALESCE(i.quantity, 0), COALESCE(i.reserved_quantity, 0),
                       COALESCE(m.q, 0)::int, COALESCE(m.r, 0)::int
                FROM products p
                LEFT JOIN inventory i ON i.product_id = p.id
                LEFT JOIN (SELECT product_id, SUM(quantity_change) AS q, SUM(reserved_change) AS r
                           FROM inventory_movements GROUP BY product_id) m ON m.product_id = p.id
                WHERE COALESCE(i.quantity, 0) <> COALESCE(m.q, 0) OR COALESCE(i.reserved_quantity, 0) <> COALESCE(m.r, 0)
                ORDER BY p.id
                """);
            var list = new List<LedgerMismatch>();
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
                list.Add(new LedgerMismatch(r.GetInt32(0), r.GetInt32(1), r.GetInt32(2), r.GetInt32(3), r.GetInt32(4)));
            return list;
        }, ct);

    private static Task MoveAsync(StoreDb db, IReadOnlyList<StockLine> lines, string type, Func<int, (int Quantity, int Reserved)> deltas,
        LedgerReference why, CancellationToken ct)
    {
        var merged = Merge(lines);
        if (merged.Count == 0) return Task.CompletedTask;
        return RunAsync(db, async (conn, tx) =>
        {
            await LockAsync(conn, tx, merged.Select(l => l.ProductId).ToArray(), ct);
            await ApplyAsync(conn, tx, merged.Select(l => { var (dq, dr) = deltas(l.Quantity); return (l.ProductId, dq, dr); }).ToList(),
                type, why, ct);
            return true;
        }, ct);
    }

    /// <summary>Sums lines per product, sorted by product id (the lock order). Quantities must be positive.</summary>
    private static List<StockLine> Merge(IReadOnlyList<StockLine> lines)
    {
        foreach (var l in lines)
            if (l.Quantity <= 0) throw new ArgumentOutOfRangeException(nameof(lines), $"Quantity for product {l.ProductId} must be positive.");
        return lines.GroupBy(l => l.ProductId).Select(g => new StockLine(g.Key, g.Sum(l => l.Quantity)))
            .OrderBy(l => l.ProductId).ToList();
    }

    internal sealed record LockedRow(string Sku, string Name, bool IsActive, int Quantity, int Reserved);

    /// <summary>
    /// Locks the inventory rows of the given products in product-id order and reads them; <paramref name="ids"/>
    /// is the SQL for an int[] of product ids, with its one argument.
    /// </summary>
    internal static NpgsqlBatchCommand LockCommand(string ids, NpgsqlParameter arg) => BatchCommand($"""
        SELECT p.id, p.sku, p.name_uz, p.is_active, i.quantity, i.reserved_quantity
        FROM inventory i JOIN products p ON p.id = i.product_id
        WHERE i.product_id = ANY({ids})
        ORDER BY i.product_id
        FOR UPDATE OF i
        """, arg);

    internal static async Task<Dictionary<int, LockedRow>> ReadLockedAsync(NpgsqlDataReader r, CancellationToken ct)
    {
        var rows = new Dictionary<int, LockedRow>();
        while (await r.ReadAsync(ct))
            rows[r.GetInt32(0)] = new LockedRow(r.GetString(1), r.GetString(2), r.GetBoolean(3), r.GetInt32(4), r.GetInt32(5));
        return rows;
    }

    private static async Task<Dictionary<int, LockedRow>> LockAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int[] productIds, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(conn, tx);
        batch.BatchCommands.Add(LockCommand("$1", Ints(productIds)));
        await using var r = await batch.ExecuteReaderAsync(ct);
        return await ReadLockedAsync(r, ct);
    }

    /// <summary>SKU and name of products that have no inventory row, for the short list.</summary>
    private static async Task<Dictionary<int, (string Sku, string Name)>> NamesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, int[] productIds, CancellationToken ct)
    {
        var names = new Dictionary<int, (string, string)>();
        if (productIds.Length == 0) return names;
        await using var cmd = Command(conn, tx, "SELECT id, sku, name_uz FROM products WHERE id = ANY($1)", Ints(productIds));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) names[r.GetInt32(0)] = (r.GetString(1), r.GetString(2));
        return names;
    }

    private static async Task<List<StockFigures>> ApplyAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        IReadOnlyList<(int ProductId, int Dq, int Dr)> lines, string type, LedgerReference why, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(conn, tx);
        var pending = PendingApply.AddTo(batch, lines, type, why);
        await using var r = await batch.ExecuteReaderAsync(ct);
        return await pending.CheckAsync(r, ct);
    }

    /// <summary>
    /// The conditional UPDATEs of all lines with their ledger rows and the marketplace stock push (one
    /// statement), added to a batch; <see cref="CheckAsync"/> reads the outcome from the batch's first
    /// result. The condition restates the table's CHECKs, so a change that would break them updates
    /// nothing and is reported, never half-applied (the caller's transaction is undone). Lines have
    /// distinct product ids (see <see cref="Merge"/>). Strict, for a batch that also commits (the rows are
    /// locked and checked by then): no condition, so a line that would break a CHECK fails the statement,
    /// and with it the batch and its COMMIT, instead of being skipped and reported after the commit.
    /// </summary>
    internal sealed class PendingApply
    {
        private readonly IReadOnlyList<(int ProductId, int Dq, int Dr)> _lines;
        private readonly string _type;

        private PendingApply(IReadOnlyList<(int, int, int)> lines, string type) => (_lines, _type) = (lines, type);

        public static PendingApply AddTo(NpgsqlBatch batch, IReadOnlyList<(int ProductId, int Dq, int Dr)> lines, string type, LedgerReference why,
            bool strict = false)
        {
            var ids = lines.Select(l => l.ProductId).ToArray();
            var guard = strict ? "" : """
                      AND i.quantity + d.dq >= 0 AND i.reserved_quantity + d.dr >= 0
                      AND i.reserved_quantity + d.dr <= i.quantity + d.dq
                """;
            batch.BatchCommands.Add(BatchCommand($$"""
                WITH d AS (SELECT * FROM unnest($1::int[], $2::int[], $3::int[]) AS d(product_id, dq, dr)),
                u AS (
                    UPDATE inventory i SET quantity = i.quantity + d.dq, reserved_quantity = i.reserved_quantity + d.dr
                    FROM d
                    WHERE i.product_id = d.product_id {{guard}}
                    RETURNING i.product_id, i.quantity, i.reserved_quantity, d.dq, d.dr)
                INSERT INTO inventory_movements (product_id, movement_type, quantity_change, quantity_before, quantity_after,
                                                 reserved_change, reserved_before, reserved_after,
                                                 reference_type, reference_id, marketplace_id, notes)
                SELECT product_id, $4, dq, quantity - dq, quantity, dr, reserved_quantity - dr, reserved_quantity, $5, $6, $7, $8
                FROM u ORDER BY product_id
                RETURNING product_id, quantity_after, reserved_after
                """, Ints(ids), Ints(lines.Select(l => l.Dq).ToArray()), Ints(lines.Select(l => l.Dr).ToArray()),
                Text(type), Text(why.Type), Int(why.Id), Int(why.MarketplaceId), Text(why.Notes)));
            batch.BatchCommands.Add(OutboxWriter.Command(OutboxTypes.MarketplaceStockPush,
                JsonSerializer.Serialize(new { product_ids = ids.Order().ToArray() })));
            return new PendingApply(lines, type);
        }

        /// <summary>Reads the ledger statement's rows (the reader's current result) and throws unless every line applied.</summary>
        public async Task<List<StockFigures>> CheckAsync(NpgsqlDataReader r, CancellationToken ct)
        {
            var after = new Dictionary<int, StockFigures>();
            while (await r.ReadAsync(ct))
            {
                int q = r.GetInt32(1), res = r.GetInt32(2);
                after[r.GetInt32(0)] = new StockFigures(r.GetInt32(0), q, res, q - res);
            }
            if (after.Count != _lines.Count)
            {
                var refused = _lines.First(l => !after.ContainsKey(l.ProductId));
                throw new InvalidOperationException(
                    $"Stock of product {refused.ProductId} cannot take {_type} (quantity {refused.Dq:+0;-0;0}, reserved {refused.Dr:+0;-0;0}).");
            }
            return _lines.Select(l => after[l.ProductId]).ToList();
        }
    }
}
