using Npgsql;
using NpgsqlTypes;

namespace AmazingStore.Data.Demo;

/// <summary>
/// Fills an empty store with <see cref="DemoCatalog"/>. Plain Npgsql rather than EF Core so it depends
/// only on the tables, not on the entity model.
/// </summary>
public static class DemoCatalogSeeder
{
    // Any fixed number will do; it only has to be the same for every instance of the app.
    private const long SeedLockKey = 0x41_53_44_45_4D_4F; // "ASDEMO"

    /// <summary>
    /// Seeds categories, products, stock (with its ledger) and banners when <c>products</c> is empty.
    /// Returns true when it seeded, false when there was already a catalog. All or nothing.
    /// </summary>
    public static async Task<bool> SeedIfEmptyAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);

        // Two instances starting together must not both see an empty table and both seed: the
        // transaction-level advisory lock serialises them. The emptiness check is a separate statement
        // so that, under READ COMMITTED, it sees whatever the other instance committed while we waited.
        await using (var check = new NpgsqlBatch(conn, tx))
        {
            check.BatchCommands.Add(DbTransactions.BatchCommand("SELECT pg_advisory_xact_lock($1)", P(SeedLockKey, NpgsqlDbType.Bigint)));
            check.BatchCommands.Add(DbTransactions.BatchCommand("SELECT EXISTS (SELECT 1 FROM products)"));
            await using var reader = await check.ExecuteReaderAsync(ct);
            await reader.NextResultAsync(ct);
            await reader.ReadAsync(ct);
            if (reader.GetBoolean(0))
            {
                await reader.DisposeAsync();
                await tx.RollbackAsync(ct);
                return false;
            }
        }

        // Ids come from RETURNING; the demo data refers to rows by slug/SKU. One batch (one round trip)
        // per level, because each level needs the ids of the one before it.
        var categoryIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var parents = DemoCatalog.Categories.Where(c => c.ParentSlug is null).ToList();
        var children = DemoCatalog.Categories.Where(c => c.ParentSlug is not null).ToList();
        await InsertCategoriesAsync(conn, tx, parents, categoryIds, ct);
        await InsertCategoriesAsync(conn, tx, children, categoryIds, ct);

        var productIds = new Dictionary<string, int>(StringComparer.Ordinal);
        await using (var batch = new NpgsqlBatch(conn, tx))
        {
            foreach (var p in DemoCatalog.Products)
            {
                batch.BatchCommands.Add(DbTransactions.BatchCommand("""
                    INSERT INTO products (sku, barcode, name_uz, name_ru, description_uz, description_ru,
                                          category_id, price, sale_price, cost_price, image_url, is_active)
                    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, TRUE)
                    RETURNING id
                    """,
                    P(p.Sku), P(p.Barcode), P(p.NameUz), P(p.NameRu), P(p.DescriptionUz), P(p.DescriptionRu),
                    P(categoryIds[p.CategorySlug], NpgsqlDbType.Integer),
                    P(p.Price, NpgsqlDbType.Numeric), P(p.SalePrice, NpgsqlDbType.Numeric),
                    P(p.CostPrice, NpgsqlDbType.Numeric), P(p.ImageUrl)));
            }
            await ReadIdsAsync(batch, DemoCatalog.Products.Select(p => p.Sku).ToList(), productIds, ct);
        }

        // Stock, its ledger and the banners need no ids back, so they share one round trip.
        await using (var batch = new NpgsqlBatch(conn, tx))
        {
            var ids = DemoCatalog.Products.Select(p => productIds[p.Sku]).ToArray();
            var quantities = DemoCatalog.Products.Select(p => p.Quantity).ToArray();
            const NpgsqlDbType IntArray = NpgsqlDbType.Array | NpgsqlDbType.Integer;

            batch.BatchCommands.Add(DbTransactions.BatchCommand("""
                INSERT INTO inventory (product_id, quantity, reserved_quantity, last_updated_at)
                SELECT product_id, quantity, 0, now() FROM unnest($1, $2) AS s(product_id, quantity)
                """, P(ids, IntArray), P(quantities, IntArray)));

            // Opening balance in the ledger, so that sum(quantity_change) per product equals
            // inventory.quantity from the first day (the stock model requires the two to reconcile).
            batch.BatchCommands.Add(DbTransactions.BatchCommand("""
                INSERT INTO inventory_movements (product_id, movement_type, quantity_change, quantity_before,
                                                 quantity_after, reference_type, notes)
                SELECT product_id, 'initial', quantity, 0, quantity, 'seed', 'Demo catalog'
                FROM unnest($1, $2) AS s(product_id, quantity)
                """, P(ids, IntArray), P(quantities, IntArray)));

            foreach (var b in DemoCatalog.Banners)
            {
                int? linkId = b.LinkType switch
                {
                    "category" => categoryIds[b.LinkCategorySlug!],
                    "product" => productIds[b.LinkProductSku!],
                    _ => null,
                };
                batch.BatchCommands.Add(DbTransactions.BatchCommand("""
                    INSERT INTO banners (title_uz, title_ru, image_url, link_type, link_id, sort_order, is_active)
                    VALUES ($1, $2, $3, $4, $5, $6, TRUE)
                    """,
                    P(b.TitleUz), P(b.TitleRu), P(b.ImageUrl), P(b.LinkType),
                    P(linkId, NpgsqlDbType.Integer), P(b.SortOrder, NpgsqlDbType.Integer)));
            }
            await batch.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return true;
    }

    private static async Task InsertCategoriesAsync(NpgsqlConnection conn, NpgsqlTransaction tx,
        IReadOnlyList<DemoCategory> categories, Dictionary<string, int> ids, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(conn, tx);
        foreach (var c in categories)
        {
            int? parentId = c.ParentSlug is null ? null : ids[c.ParentSlug];
            batch.BatchCommands.Add(DbTransactions.BatchCommand("""
                INSERT INTO categories (name_uz, name_ru, parent_id, icon, color, image_url, sort_order, is_active)
                VALUES ($1, $2, $3, $4, $5, $6, $7, TRUE)
                RETURNING id
                """,
                P(c.NameUz), P(c.NameRu), P(parentId, NpgsqlDbType.Integer), P(c.Icon), P(c.Color),
                P(c.ImageUrl), P(c.SortOrder, NpgsqlDbType.Integer)));
        }
        await ReadIdsAsync(batch, categories.Select(c => c.Slug).ToList(), ids, ct);
    }

    /// <summary>Runs a batch of single-row INSERT … RETURNING id commands; result i belongs to keys[i].</summary>
    private static async Task ReadIdsAsync(NpgsqlBatch batch, IReadOnlyList<string> keys,
        Dictionary<string, int> ids, CancellationToken ct)
    {
        await using var reader = await batch.ExecuteReaderAsync(ct);
        for (var i = 0; i < keys.Count; i++)
        {
            if (i > 0) await reader.NextResultAsync(ct);
            if (!await reader.ReadAsync(ct))
                throw new InvalidOperationException($"INSERT for '{keys[i]}' returned no id.");
            ids.Add(keys[i], reader.GetInt32(0));
        }
    }


    // Types are explicit so that NULLs (sale_price, parent_id, link_*) reach PostgreSQL with the right type.
    private static NpgsqlParameter P(object? value, NpgsqlDbType type = NpgsqlDbType.Text) =>
        new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
