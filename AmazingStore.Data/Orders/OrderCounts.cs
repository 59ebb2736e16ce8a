using Npgsql;

namespace AmazingStore.Data.Orders;

/// <summary>
/// products.order_count, the units ever ordered (the "popular" sort), kept off the order path: an order
/// appends to order_count_deltas (0045) and <see cref="FlushAsync"/> moves the deltas into products.
/// </summary>
public static class OrderCounts
{
    /// <summary>
    /// Adds every pending delta to its product and removes it, in one statement: a delta is counted once
    /// even when several instances flush at the same moment (the second waits for the first's rows and
    /// then finds them gone). Returns the number of products changed.
    /// </summary>
    public static async Task<int> FlushAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        // Looked at first: the UPDATE's statement trigger tells every catalog cache to empty itself
        // even when it changes no row (0010_catalog_notify).
        await using (var any = db.CreateCommand("SELECT EXISTS (SELECT 1 FROM order_count_deltas)"))
            if (await any.ExecuteScalarAsync(ct) is not true) return 0;
        await using var cmd = db.CreateCommand("""
            WITH d AS (DELETE FROM order_count_deltas RETURNING product_id, quantity),
            s AS (SELECT product_id, sum(quantity)::int AS q FROM d GROUP BY product_id)
            UPDATE products p SET order_count = p.order_count + s.q FROM s WHERE p.id = s.product_id
            """);
        return await cmd.ExecuteNonQueryAsync(ct);
    }
}
