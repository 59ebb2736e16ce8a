using AmazingStore.Tests.Infrastructure;
using Npgsql;

namespace AmazingStore.Tests.Foundation;

/// <summary>Every CHECK of the seed schema rejects a bad row, whatever code writes it.</summary>
public sealed class CheckConstraintTests
{
    private const string Setup = """
        INSERT INTO categories (id, name_uz) VALUES (1, 'Test');
        INSERT INTO products (id, sku, name_uz, price, category_id) VALUES (1, 'SKU-1', 'Mahsulot', 1000, 1);
        INSERT INTO inventory (product_id, quantity, reserved_quantity) VALUES (1, 5, 0);
        INSERT INTO users (id, telegram_id, first_name) VALUES (1, 42, 'Ali');
        INSERT INTO orders (id, order_number, marketplace_id, customer_name, customer_phone, subtotal, total)
            VALUES (1, 'AS-1', (SELECT id FROM marketplaces WHERE slug = 'amazing-store'), 'Ali', '+998901234567', 1000, 1000);
        """;

    [Theory]
    [InlineData("INSERT INTO products (sku, name_uz, price) VALUES ('NEG', 'x', -1)")]
    [InlineData("INSERT INTO products (sku, name_uz, price, sale_price) VALUES ('NEGSALE', 'x', 10, -1)")]
    [InlineData("INSERT INTO products (sku, name_uz, price, cost_price) VALUES ('NEGCOST', 'x', 10, -5)")]
    [InlineData("UPDATE inventory SET quantity = -1 WHERE product_id = 1")]
    [InlineData("UPDATE inventory SET reserved_quantity = -1 WHERE product_id = 1")]
    [InlineData("UPDATE inventory SET reserved_quantity = 6 WHERE product_id = 1")]
    [InlineData("INSERT INTO cart_items (user_id, product_id, quantity, price_snapshot) VALUES (1, 1, 0, 1000)")]
    [InlineData("INSERT INTO order_items (order_id, product_id, product_name, product_sku, price, quantity, subtotal) VALUES (1, 1, 'x', 'SKU-1', 1000, 0, 0)")]
    [InlineData("UPDATE orders SET status = 'lost' WHERE id = 1")]
    public async Task Rejects_a_bad_row(string sql)
    {
        await using var ds = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using (var setup = ds.CreateCommand(Setup)) await setup.ExecuteNonQueryAsync();
        await using var bad = ds.CreateCommand(sql);
        var e = await Assert.ThrowsAsync<PostgresException>(() => bad.ExecuteNonQueryAsync());
        Assert.Equal(PostgresErrorCodes.CheckViolation, e.SqlState);
    }

    [Fact]
    public async Task Updated_at_moves_on_update()
    {
        await using var ds = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using (var setup = ds.CreateCommand(Setup)) await setup.ExecuteNonQueryAsync();
        await using var cmd = ds.CreateCommand("""
            UPDATE products SET updated_at = now() - interval '1 day' WHERE id = 1;
            UPDATE products SET price = 2000 WHERE id = 1;
            SELECT updated_at > now() - interval '1 minute' FROM products WHERE id = 1;
            """);
        Assert.Equal(true, await cmd.ExecuteScalarAsync());
    }
}
