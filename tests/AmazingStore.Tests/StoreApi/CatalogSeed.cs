using AmazingStore.Tests.Infrastructure;

namespace AmazingStore.Tests.StoreApi;

/// <summary>A small known catalog written straight to a test's own database.</summary>
public static class CatalogSeed
{
    // Ids are fixed so that tests can name them.
    public const int Phones = 1, Smartphones = 2, Books = 3, Hidden = 4;
    public const int Galaxy = 10, Redmi = 11, Novel = 12, Retired = 13, NoStock = 14;

    public static async Task SeedAsync(StoreHost host)
    {
        await using var cmd = host.Db.CreateCommand("""
            INSERT INTO categories (id, name_uz, name_ru, parent_id, sort_order, is_active) VALUES
              (1, 'Telefonlar', 'Телефоны', NULL, 2, TRUE),
              (2, 'Smartfonlar', '', 1, 3, TRUE),
              (3, 'Kitoblar', 'Книги', NULL, 1, TRUE),
              (4, 'Yashirin', NULL, NULL, 0, FALSE);
            INSERT INTO products (id, sku, barcode, name_uz, name_ru, description_uz, category_id, price, sale_price, is_active, order_count, created_at) VALUES
              (10, 'SM-GALAXY', '4780000000010', 'Galaxy telefon', 'Телефон Galaxy', 'Yaxshi', 2, 5000000, 4500000, TRUE, 5, now() - interval '3 days'),
              (11, 'XM-REDMI', '4780000000027', 'Redmi telefon', NULL, NULL, 1, 2000000, NULL, TRUE, 9, now() - interval '2 days'),
              (12, 'BK-100_%', '4780000000034', 'Roman kitob', 'Роман', NULL, 3, 80000, NULL, TRUE, 1, now() - interval '1 day'),
              (13, 'OLD-1', NULL, 'Eski telefon', NULL, NULL, 1, 100, NULL, FALSE, 0, now()),
              (14, 'NO-STOCK', NULL, 'Zaxirasiz telefon', NULL, NULL, 1, 300000, NULL, TRUE, 0, now() - interval '4 days');
            INSERT INTO inventory (product_id, quantity, reserved_quantity) VALUES (10, 7, 2), (11, 3, 0), (12, 50, 0), (13, 5, 0);
            INSERT INTO banners (title_uz, title_ru, image_url, link_type, link_id, sort_order, is_active) VALUES
              ('Chegirma', 'Скидка', '/img/b1.svg', 'product', 10, 2, TRUE),
              ('Yangi', NULL, '/img/b2.svg', 'category', 3, 1, TRUE),
              ('Eski', NULL, '/img/b3.svg', NULL, NULL, 0, FALSE);
            SELECT setval('categories_id_seq', 100); SELECT setval('products_id_seq', 100);
            """);
        await cmd.ExecuteNonQueryAsync();
    }
}
