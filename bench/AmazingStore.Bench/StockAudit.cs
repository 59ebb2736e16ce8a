using Npgsql;

namespace AmazingStore.Bench;

/// <summary>After the checkout load: no unit sold twice, and the ledger sums to the inventory figures.</summary>
public static class StockAudit
{
    public static async Task<(double Oversold, double Unreconciled)> RunAsync(NpgsqlDataSource db)
    {
        await using var cmd = db.CreateCommand("""
            SELECT
              (SELECT COALESCE(sum(GREATEST(reserved_quantity - quantity, 0) + GREATEST(-quantity, 0)), 0) FROM inventory),
              (SELECT count(*) FROM inventory i
                 LEFT JOIN (SELECT product_id, sum(quantity_change) q, sum(reserved_change) r FROM inventory_movements GROUP BY product_id) m
                   ON m.product_id = i.product_id
                WHERE COALESCE(m.q, 0) <> i.quantity OR COALESCE(m.r, 0) <> i.reserved_quantity)
            """);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        return (Convert.ToDouble(r.GetValue(0)), Convert.ToDouble(r.GetValue(1)));
    }
}
