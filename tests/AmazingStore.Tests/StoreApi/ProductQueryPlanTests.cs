using System.Diagnostics;
using System.Text;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Web.Catalog;
using Npgsql;
using Xunit.Abstractions;

namespace AmazingStore.Tests.StoreApi;

/// <summary>The product list's own SQL, explained on 100 000 products: searches and category pages use indexes.</summary>
public sealed class ProductQueryPlanTests(ITestOutputHelper output)
{
    private const int Products = 100_000;

    private static async Task<NpgsqlDataSource> ScaleDatabaseAsync()
    {
        var db = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using var cmd = db.CreateCommand($"""
            INSERT INTO categories (id, name_uz, name_ru, parent_id, sort_order)
            SELECT g, 'Kategoriya ' || g, 'Категория ' || g, CASE WHEN g > 8 THEN (g % 8) + 1 END, g FROM generate_series(1, 40) g;
            INSERT INTO products (sku, barcode, name_uz, name_ru, category_id, price, sale_price, order_count, created_at)
            SELECT 'SKU-' || lpad(g::text, 6, '0'),
                   (4780000000000 + g)::text,
                   (ARRAY['Telefon','Kitob','Choynak','Noutbuk','Soat','Krossovka','Kurtka','Televizor'])[g % 8 + 1] || ' ' || substr(md5(g::text), 1, 10),
                   (ARRAY['Телефон','Книга','Чайник','Ноутбук','Часы','Кроссовки','Куртка','Телевизор'])[g % 8 + 1] || ' ' || substr(md5('ru' || g), 1, 10),
                   g % 40 + 1, 1000 + g % 5000, CASE WHEN g % 7 = 0 THEN 900 + g % 4000 END, g % 100,
                   now() - make_interval(secs => g)
            FROM generate_series(1, {Products}) g;
            INSERT INTO inventory (product_id, quantity) SELECT id, id % 20 FROM products;
            """);
        cmd.CommandTimeout = 300;
        await cmd.ExecuteNonQueryAsync();
        // What autovacuum would have done by now: statistics, and the GIN pending lists merged.
        await using var vacuum = db.CreateCommand("VACUUM ANALYZE categories, products, inventory");
        vacuum.CommandTimeout = 300;
        await vacuum.ExecuteNonQueryAsync();
        return db;
    }

    private async Task<string> ExplainAsync(NpgsqlDataSource db, string sql, ProductQuery.Filter filter, bool paged)
    {
        await using var cmd = db.CreateCommand("EXPLAIN (ANALYZE, BUFFERS OFF, COSTS OFF) " + sql);
        if (paged) ProductQuery.AddParameters(cmd.Parameters, filter, 20, 0);
        else ProductQuery.AddParameters(cmd.Parameters, filter);
        var plan = new StringBuilder();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) plan.AppendLine(r.GetString(0));
        output.WriteLine($"--- {filter} {(paged ? "page" : "count")}\n{plan}");
        return plan.ToString();
    }

    [Fact]
    public async Task Search_uses_the_trigram_indexes_and_category_pages_an_index_at_100k_products()
    {
        await using var db = await ScaleDatabaseAsync();
        // A name fragment, a Russian one, a SKU and a barcode: each a Bitmap Index Scan on a trgm index.
        string fragment, ruFragment;
        await using (var cmd = db.CreateCommand("SELECT substr(name_uz, length(name_uz) - 5), substr(name_ru, length(name_ru) - 5) FROM products WHERE sku = 'SKU-042424'"))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await r.ReadAsync());
            fragment = r.GetString(0);
            ruFragment = r.GetString(1);
        }
        foreach (var term in new[] { fragment, ruFragment.ToUpperInvariant(), "sku-04242", "4780000042424" })
        {
            var filter = new ProductQuery.Filter(null, term, "new");
            var (count, page) = ProductQuery.ListSql(filter);
            foreach (var (sql, paged) in new[] { (count, false), (page, true) })
            {
                var plan = await ExplainAsync(db, sql, filter, paged);
                Assert.Contains("Bitmap Index Scan on idx_products_", plan);
                Assert.Contains("_trgm", plan);
                Assert.DoesNotContain("Seq Scan on products", plan);
                // Not the sort order's index with the search as a filter over every product (the
                // planner once chose that for "sku-04242": 367 ms).
                Assert.DoesNotContain("Rows Removed by Filter", plan);
            }
        }

        // A category page: the products of the subtree come through an index, not a scan of all products.
        foreach (var sort in ProductQuery.Sorts)
        {
            var filter = new ProductQuery.Filter(3, null, sort);
            var plan = await ExplainAsync(db, ProductQuery.ListSql(filter).Page, filter, true);
            Assert.DoesNotContain("Seq Scan on products", plan);
        }

        // The default page (newest first, no filter) reads the newest rows off an index.
        var newest = new ProductQuery.Filter(null, null, "new");
        Assert.Contains("Index Scan using idx_products_active_new", await ExplainAsync(db, ProductQuery.ListSql(newest).Page, newest, true));

        // One round trip for count + page; time the whole list as the API runs it.
        var timer = Stopwatch.StartNew();
        var (items, total) = await ProductQuery.ListAsync(db, new(3, null, "price_asc"), "uz", 20, 0, CancellationToken.None);
        output.WriteLine($"category list: {total} total in {timer.ElapsedMilliseconds} ms");
        Assert.Equal(20, items.Count);
        Assert.True(items.Zip(items.Skip(1)).All(p => p.First.DisplayPrice <= p.Second.DisplayPrice));
        Assert.Equal(Products / 40 * 5, total); // category 3 and its subcategories 10, 18, 26, 34
    }
}
