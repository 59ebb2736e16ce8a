using AmazingStore.Data;
using AmazingStore.Data.Inventory;
using AmazingStore.Data.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace AmazingStore.Web.CatalogFiles;

/// <summary>
/// Applies a read catalog file in one transaction, set-based whatever the row count: the rows are COPYed into
/// a temporary table, checked against the catalog there, then products are inserted and updated by one
/// statement each (only rows that differ are touched, so an unchanged file writes nothing and announces
/// nothing), and stock goes through <see cref="StockLedger.SetManyAsync"/> as <c>import</c> movements (one
/// statement, one marketplace push). A dry run does all of it and rolls back, so it finds every error a
/// real run would, stock below reserved included.
/// </summary>
public static class CatalogImport
{
    public abstract record Outcome
    {
        private Outcome() { }
        public sealed record Done(int Created, int Updated, int Unchanged) : Outcome;
        public sealed record Rejected(IReadOnlyList<RowError> Errors) : Outcome;
    }

    public static async Task<Outcome> ApplyAsync(StoreDb db, CatalogCsv.Parsed file, bool dryRun, int adminUserId, CancellationToken ct)
    {
        var conn = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var npgsqlTx = (NpgsqlTransaction)tx.GetDbTransaction();
            var outcome = await ApplyCoreAsync(db, conn, npgsqlTx, file, adminUserId, ct);
            if (outcome is Outcome.Done && !dryRun) await tx.CommitAsync(ct);
            else await tx.RollbackAsync(ct);
            return outcome;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<Outcome> ApplyCoreAsync(StoreDb db, NpgsqlConnection conn, NpgsqlTransaction tx, CatalogCsv.Parsed file,
        int adminUserId, CancellationToken ct)
    {
        await ExecAsync(conn, tx, """
            CREATE TEMP TABLE import_rows (
                row INT PRIMARY KEY, sku TEXT NOT NULL, barcode TEXT, name_uz TEXT NOT NULL, name_ru TEXT, description_uz TEXT,
                description_ru TEXT, category_id INT, price NUMERIC(10,2) NOT NULL, sale_price NUMERIC(10,2), cost_price NUMERIC(10,2),
                stock INT, min_stock INT, is_active BOOLEAN NOT NULL, image_url TEXT
            ) ON COMMIT DROP
            """, ct);
        await CopyAsync(conn, file.Rows, ct);
        await ExecAsync(conn, tx, "CREATE INDEX ON import_rows (sku); ANALYZE import_rows", ct);

        // Every bad row is named in one reply: rows the reader refused are not here, rows refused below are
        // taken out and the rest still go through, so that their errors (stock below reserved) are found too.
        var errors = file.Errors.ToList();
        if (file.Columns.Contains(CatalogColumns.CategoryId))
            foreach (var row in await RowsAsync(conn, tx, """
                DELETE FROM import_rows t
                WHERE t.category_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM categories c WHERE c.id = t.category_id)
                RETURNING t.row
                """, ct))
                errors.Add(new RowError(row, CatalogColumns.CategoryId, "not a known category"));
        var badRows = errors.Select(e => e.Row).ToHashSet();
        var rows = file.Rows.Where(r => !badRows.Contains(r.Row)).ToList();

        // What each row will do, read before anything is written: the SKU's product (none = created) and
        // whether any column the file carries differs from it.
        var fields = CatalogColumns.ProductFields.Where(file.Columns.Contains).ToList();
        var differs = fields.Count == 0 ? "false" : string.Join(" OR ", fields.Select(c => $"p.{c} IS DISTINCT FROM t.{c}"));
        var priceFields = CatalogColumns.PriceFields.Where(file.Columns.Contains).ToList();
        var priceDiffers = priceFields.Count == 0 ? "false" : string.Join(" OR ", priceFields.Select(c => $"p.{c} IS DISTINCT FROM t.{c}"));
        var plan = new Dictionary<int, (int? ProductId, bool Differs, bool PriceDiffers, int OnHand)>();
        await using (var cmd = new NpgsqlCommand($"""
            SELECT t.row, p.id, COALESCE({differs}, false), COALESCE({priceDiffers}, false), COALESCE(i.quantity, 0)
            FROM import_rows t LEFT JOIN products p ON p.sku = t.sku LEFT JOIN inventory i ON i.product_id = p.id
            """, conn, tx))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct))
                plan[r.GetInt32(0)] = (r.IsDBNull(1) ? null : r.GetInt32(1), r.GetBoolean(2), r.GetBoolean(3), r.GetInt32(4));

        var created = new Dictionary<string, int>(StringComparer.Ordinal);
        if (plan.Values.Any(p => p.ProductId is null))
        {
            // Columns the file leaves out take the table's defaults (NULL; is_active true, as read).
            var all = CatalogColumns.ProductFields;
            await using var insert = new NpgsqlCommand($"""
                INSERT INTO products ({string.Join(", ", all)})
                SELECT {string.Join(", ", all.Select(c => "t." + c))} FROM import_rows t
                WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.sku = t.sku)
                ORDER BY t.row
                RETURNING id, sku
                """, conn, tx);
            await using var r = await insert.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) created[r.GetString(1)] = r.GetInt32(0);
        }
        if (plan.Values.Any(p => p.ProductId is not null && p.Differs))
            await ExecAsync(conn, tx, $"""
                UPDATE products p SET {string.Join(", ", fields.Select(c => $"{c} = t.{c}"))}
                FROM import_rows t
                WHERE p.sku = t.sku AND ({differs})
                """, ct);

        // Stock: a row's stock sets on hand; an empty cell keeps it (a new product starts at 0).
        var targets = new List<StockTarget>();
        var rowOf = new Dictionary<int, int>();
        var stockChanged = new HashSet<int>();
        foreach (var row in rows)
        {
            var p = plan[row.Row];
            var id = p.ProductId ?? created[row.Sku];
            rowOf[id] = row.Row;
            if (p.ProductId is null) targets.Add(new StockTarget(id, row.Stock ?? 0));
            else if (row.Stock is { } stock && stock != p.OnHand)
            {
                targets.Add(new StockTarget(id, stock));
                stockChanged.Add(row.Row);
            }
        }
        var refused = await StockLedger.SetManyAsync(db, targets, new LedgerReference("admin", adminUserId, null, "catalog import"), ct,
            MovementTypes.Import);
        errors.AddRange(refused.Select(x => new RowError(rowOf[x.ProductId], CatalogColumns.Stock,
            $"{x.Reserved} units are reserved by open orders; stock cannot be set below that")));
        if (errors.Count > 0) return new Outcome.Rejected(errors.OrderBy(e => e.Row).ToList());

        // Marketplace prices follow price, sale price and cost (their floor): the push picks changed items itself.
        var repriced = plan.Where(kv => kv.Value.PriceDiffers && kv.Value.ProductId is not null).Select(kv => kv.Value.ProductId!.Value).Order().ToArray();
        if (repriced.Length > 0)
            await OutboxWriter.EnqueueAsync(db, OutboxTypes.MarketplacePricePush,
                System.Text.Json.JsonSerializer.Serialize(new { product_ids = repriced }), null, ct);

        var createdCount = plan.Values.Count(p => p.ProductId is null);
        var updated = plan.Count(kv => kv.Value.ProductId is not null && (kv.Value.Differs || stockChanged.Contains(kv.Key)));
        return new Outcome.Done(createdCount, updated, plan.Count - createdCount - updated);
    }

    private static async Task CopyAsync(NpgsqlConnection conn, IReadOnlyList<CatalogRow> rows, CancellationToken ct)
    {
        await using var copy = await conn.BeginBinaryImportAsync("""
            COPY import_rows (row, sku, barcode, name_uz, name_ru, description_uz, description_ru, category_id, price, sale_price,
                              cost_price, stock, min_stock, is_active, image_url) FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var r in rows)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(r.Row, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(r.Sku, NpgsqlDbType.Text, ct);
            await WriteAsync(copy, r.Barcode, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(r.NameUz, NpgsqlDbType.Text, ct);
            await WriteAsync(copy, r.NameRu, NpgsqlDbType.Text, ct);
            await WriteAsync(copy, r.DescriptionUz, NpgsqlDbType.Text, ct);
            await WriteAsync(copy, r.DescriptionRu, NpgsqlDbType.Text, ct);
            await WriteAsync(copy, r.CategoryId, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(r.Price, NpgsqlDbType.Numeric, ct);
            await WriteAsync(copy, r.SalePrice, NpgsqlDbType.Numeric, ct);
            await WriteAsync(copy, r.CostPrice, NpgsqlDbType.Numeric, ct);
            await WriteAsync(copy, r.Stock, NpgsqlDbType.Integer, ct);
            await WriteAsync(copy, r.MinStock, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(r.IsActive, NpgsqlDbType.Boolean, ct);
            await WriteAsync(copy, r.ImageUrl, NpgsqlDbType.Text, ct);
        }
        await copy.CompleteAsync(ct);
    }

    private static Task WriteAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) where T : class =>
        value is null ? copy.WriteNullAsync(ct) : copy.WriteAsync(value, type, ct);

    private static Task WriteAsync<T>(NpgsqlBinaryImporter copy, T? value, NpgsqlDbType type, CancellationToken ct) where T : struct =>
        value is { } v ? copy.WriteAsync(v, type, ct) : copy.WriteNullAsync(ct);

    private static async Task ExecAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task<List<int>> RowsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        var list = new List<int>();
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) list.Add(r.GetInt32(0));
        return list;
    }
}
