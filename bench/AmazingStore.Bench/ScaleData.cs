using Npgsql;
using NpgsqlTypes;

namespace AmazingStore.Bench;

/// <summary>
/// Scale data for the benchmark, generated and loaded with binary COPY: 60 categories, 10 000
/// products with uz/ru names, inventory and its opening ledger rows, 10 000 users, 100 000 past
/// orders with their items.
/// </summary>
public static class ScaleData
{
    public const int Categories = 60, Products = 10_000, Users = 10_000, Orders = 100_000, StockPerProduct = 100_000;

    private static readonly string[] NounsUz = ["Choynak", "Ko'ylak", "Telefon", "Quloqchin", "Sumka", "Krossovka", "Lampa", "Gilam", "Soat", "Kitob", "Piyola", "Ryukzak", "Shampun", "Tarvuz", "Qozon", "Kurtka", "Shim", "Sharf", "Pichoq", "Choyshab"];
    private static readonly string[] NounsRu = ["Чайник", "Рубашка", "Телефон", "Наушники", "Сумка", "Кроссовки", "Лампа", "Ковёр", "Часы", "Книга", "Пиала", "Рюкзак", "Шампунь", "Арбуз", "Казан", "Куртка", "Брюки", "Шарф", "Нож", "Простыня"];
    private static readonly string[] AdjUz = ["qizil", "katta", "yangi", "klassik", "yengil", "issiq", "zamonaviy", "milliy", "sport", "premium"];
    private static readonly string[] AdjRu = ["красный", "большой", "новый", "классический", "лёгкий", "тёплый", "современный", "национальный", "спортивный", "премиум"];

    /// <summary>A word that occurs in about 1 in 20 product names, for the search scenario.</summary>
    public const string SearchWord = "Choynak";

    public static async Task LoadAsync(NpgsqlDataSource db, Action<string> log)
    {
        var random = new Random(42);
        await using var conn = await db.OpenConnectionAsync();

        await using (var w = await conn.BeginBinaryImportAsync("COPY categories (id, name_uz, name_ru, parent_id, icon, sort_order, is_active) FROM STDIN (FORMAT BINARY)"))
        {
            for (var id = 1; id <= Categories; id++)
            {
                var top = id <= 12;
                await w.StartRowAsync();
                await w.WriteAsync(id);
                await w.WriteAsync($"Bo'lim {id}");
                await w.WriteAsync($"Раздел {id}");
                if (top) await w.WriteNullAsync(); else await w.WriteAsync((id - 13) % 12 + 1);
                await w.WriteAsync("📦");
                await w.WriteAsync(id);
                await w.WriteAsync(true);
            }
            await w.CompleteAsync();
        }

        await using (var w = await conn.BeginBinaryImportAsync("COPY products (id, sku, barcode, name_uz, name_ru, description_uz, description_ru, category_id, price, sale_price, cost_price, image_url, is_active, order_count, created_at) FROM STDIN (FORMAT BINARY)"))
        {
            var start = DateTime.UtcNow.AddDays(-365);
            for (var id = 1; id <= Products; id++)
            {
                var n = random.Next(NounsUz.Length);
                var a = random.Next(AdjUz.Length);
                var price = random.Next(20, 5000) * 1000m;
                await w.StartRowAsync();
                await w.WriteAsync(id);
                await w.WriteAsync($"BN-{id:D6}");
                await w.WriteAsync($"478{id:D10}");
                await w.WriteAsync($"{NounsUz[n]} {AdjUz[a]} {id}");
                await w.WriteAsync($"{NounsRu[n]} {AdjRu[a]} {id}");
                await w.WriteAsync($"{NounsUz[n]} — sifatli va arzon. Model {id}.");
                await w.WriteAsync($"{NounsRu[n]} — качественно и недорого. Модель {id}.");
                await w.WriteAsync(13 + random.Next(Categories - 12));
                await w.WriteAsync(price, NpgsqlDbType.Numeric);
                if (id % 3 == 0) await w.WriteAsync(price * 0.85m, NpgsqlDbType.Numeric); else await w.WriteNullAsync();
                await w.WriteAsync(price * 0.65m, NpgsqlDbType.Numeric);
                await w.WriteAsync("/img/products/as-elk-0001.svg");
                await w.WriteAsync(true);
                await w.WriteAsync(random.Next(0, 500));
                await w.WriteAsync(start.AddMinutes(id * 50), NpgsqlDbType.TimestampTz);
            }
            await w.CompleteAsync();
        }

        await using (var w = await conn.BeginBinaryImportAsync("COPY inventory (product_id, quantity, reserved_quantity) FROM STDIN (FORMAT BINARY)"))
        {
            for (var id = 1; id <= Products; id++)
            {
                await w.StartRowAsync();
                await w.WriteAsync(id);
                await w.WriteAsync(StockPerProduct);
                await w.WriteAsync(0);
            }
            await w.CompleteAsync();
        }

        await using (var w = await conn.BeginBinaryImportAsync("COPY inventory_movements (product_id, movement_type, quantity_change, quantity_before, quantity_after, reference_type, notes) FROM STDIN (FORMAT BINARY)"))
        {
            for (var id = 1; id <= Products; id++)
            {
                await w.StartRowAsync();
                await w.WriteAsync(id);
                await w.WriteAsync("initial");
                await w.WriteAsync(StockPerProduct);
                await w.WriteAsync(0);
                await w.WriteAsync(StockPerProduct);
                await w.WriteAsync("seed");
                await w.WriteAsync("Benchmark scale data");
            }
            await w.CompleteAsync();
        }
        log($"  catalog: {Categories} categories, {Products} products with inventory");

        await using (var w = await conn.BeginBinaryImportAsync("COPY users (id, telegram_id, first_name, last_name, phone, language) FROM STDIN (FORMAT BINARY)"))
        {
            for (var id = 1; id <= Users; id++)
            {
                await w.StartRowAsync();
                await w.WriteAsync(id);
                await w.WriteAsync(9_000_000_000L + id);
                await w.WriteAsync($"Mijoz{id}");
                await w.WriteAsync("Benchmark");
                await w.WriteAsync($"+99890{id:D7}");
                await w.WriteAsync(id % 3 == 0 ? "ru" : "uz");
            }
            await w.CompleteAsync();
        }

        int ownChannel;
        await using (var cmd = new NpgsqlCommand("SELECT id FROM marketplaces WHERE slug = 'amazing-store'", conn))
            ownChannel = (int)(await cmd.ExecuteScalarAsync())!;

        var itemsPerOrder = new int[Orders + 1];
        await using (var w = await conn.BeginBinaryImportAsync("COPY orders (id, order_number, marketplace_id, source, user_id, customer_name, customer_phone, subtotal, delivery_fee, total, status, payment_status, payment_method, created_at, delivered_at) FROM STDIN (FORMAT BINARY)"))
        {
            var start = DateTime.UtcNow.AddDays(-300);
            for (var id = 1; id <= Orders; id++)
            {
                itemsPerOrder[id] = 1 + random.Next(3);
                var total = itemsPerOrder[id] * 150_000m;
                var created = start.AddSeconds(id * 250);
                await w.StartRowAsync();
                await w.WriteAsync(id);
                await w.WriteAsync($"BN-{created:yyMMdd}-{id:D6}");
                await w.WriteAsync(ownChannel);
                await w.WriteAsync("app");
                await w.WriteAsync(1 + random.Next(Users));
                await w.WriteAsync("Mijoz");
                await w.WriteAsync("+998901234567");
                await w.WriteAsync(total, NpgsqlDbType.Numeric);
                await w.WriteAsync(0m, NpgsqlDbType.Numeric);
                await w.WriteAsync(total, NpgsqlDbType.Numeric);
                await w.WriteAsync("delivered");
                await w.WriteAsync("paid");
                await w.WriteAsync("cash");
                await w.WriteAsync(created, NpgsqlDbType.TimestampTz);
                await w.WriteAsync(created.AddDays(2), NpgsqlDbType.TimestampTz);
            }
            await w.CompleteAsync();
        }

        await using (var w = await conn.BeginBinaryImportAsync("COPY order_items (order_id, product_id, product_name, product_sku, price, cost_price, quantity, subtotal) FROM STDIN (FORMAT BINARY)"))
        {
            for (var id = 1; id <= Orders; id++)
            {
                for (var i = 0; i < itemsPerOrder[id]; i++)
                {
                    var product = 1 + random.Next(Products);
                    await w.StartRowAsync();
                    await w.WriteAsync(id);
                    await w.WriteAsync(product);
                    await w.WriteAsync($"Mahsulot {product}");
                    await w.WriteAsync($"BN-{product:D6}");
                    await w.WriteAsync(150_000m, NpgsqlDbType.Numeric);
                    await w.WriteAsync(90_000m, NpgsqlDbType.Numeric); // the cost snapshot the sales report's profit reads
                    await w.WriteAsync(1);
                    await w.WriteAsync(150_000m, NpgsqlDbType.Numeric);
                }
            }
            await w.CompleteAsync();
        }

        await using (var cmd = new NpgsqlCommand("""
            SELECT setval(pg_get_serial_sequence('categories', 'id'), (SELECT max(id) FROM categories));
            SELECT setval(pg_get_serial_sequence('products', 'id'), (SELECT max(id) FROM products));
            SELECT setval(pg_get_serial_sequence('users', 'id'), (SELECT max(id) FROM users));
            SELECT setval(pg_get_serial_sequence('orders', 'id'), (SELECT max(id) FROM orders));
            ANALYZE;
            """, conn))
            await cmd.ExecuteNonQueryAsync();
        log($"  history: {Users} users, {Orders} orders");
    }
}
