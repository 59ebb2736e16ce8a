using System.Text;
using Npgsql;
using NpgsqlTypes;
using AmazingStore.Data.Inventory;

namespace AmazingStore.Web.Catalog;

/// <summary>
/// The SQL behind the public product list and product page. Raw SQL because the filters (a category
/// subtree, a search over four columns, a computed display price) read more clearly here than in LINQ.
/// </summary>
internal static class ProductQuery
{
    public static readonly string[] Sorts = ["new", "price_asc", "price_desc", "popular"];

    private const string Columns = $"""
        p.id, p.sku, p.barcode, p.name_uz, p.name_ru, p.description_uz, p.description_ru, p.category_id,
        p.price, p.sale_price, p.image_url,
        {StockSql.Available} AS available
        """;

    public sealed record Filter(int? CategoryId, string? Search, string Sort);

    public static async Task<(List<ProductReply> Items, long Total)> ListAsync(
        NpgsqlDataSource db, Filter filter, string lang, int limit, int offset, CancellationToken ct)
    {
        var (countSql, pageSql) = ListSql(filter);
        // Both statements in one batch: one round trip, and the count stays a cheap index-only count
        // instead of a window function that would have to produce every matching row.
        await using var batch = db.CreateBatch();
        var count = new NpgsqlBatchCommand(countSql);
        AddParameters(count.Parameters, filter);
        var page = new NpgsqlBatchCommand(pageSql);
        AddParameters(page.Parameters, filter, limit, offset);
        batch.BatchCommands.Add(count);
        batch.BatchCommands.Add(page);

        await using var r = await batch.ExecuteReaderAsync(ct);
        await r.ReadAsync(ct);
        var total = r.GetInt64(0);
        await r.NextResultAsync(ct);
        var items = new List<ProductReply>(limit);
        while (await r.ReadAsync(ct)) items.Add(Read(r, lang));
        return (items, total);
    }

    /// <summary>
    /// The count and page statements for a filter (tests EXPLAIN exactly these). The page is cut first
    /// and only its rows are joined to inventory.
    /// </summary>
    internal static (string Count, string Page) ListSql(Filter filter)
    {
        var where = new StringBuilder("p.is_active");
        var prefix = "";
        if (filter.CategoryId is not null)
        {
            // The category and every category below it; UNION (not ALL) also stops on a cycle.
            prefix = """
                WITH RECURSIVE subtree AS (
                    SELECT id FROM categories WHERE id = @category_id
                    UNION SELECT c.id FROM categories c JOIN subtree s ON c.parent_id = s.id)
                """;
            // As an array (an InitPlan run once) the planner sees a handful of ids and uses the category index.
            where.Append(" AND p.category_id = ANY (ARRAY(SELECT id FROM subtree))");
        }
        // Each column on its own and unwrapped, so that each trigram index serves its own condition (BitmapOr).
        if (filter.Search is not null)
            where.Append(" AND (p.name_uz ILIKE @search OR p.name_ru ILIKE @search OR p.sku ILIKE @search OR p.barcode ILIKE @search)");

        var order = filter.Sort switch
        {
            "price_asc" => "COALESCE(p.sale_price, p.price) ASC, p.id ASC",
            "price_desc" => "COALESCE(p.sale_price, p.price) DESC, p.id DESC",
            "popular" => "p.order_count DESC, p.view_count DESC, p.id DESC",
            _ => "p.created_at DESC, p.id DESC",
        };
        var count = $"{prefix} SELECT count(*) FROM products p WHERE {where}";
        if (filter.Search is null)
            return (count, $"""
                {prefix}
                SELECT {Columns}
                FROM (SELECT p.* FROM products p WHERE {where} ORDER BY {order} LIMIT @limit OFFSET @offset) p
                LEFT JOIN inventory i ON i.product_id = p.id
                ORDER BY {order}
                """);
        // A search collects its matches through the trigram indexes first (ids and sort keys only) and
        // sorts those. Left to itself the planner sometimes walked the sort order's index and filtered
        // every product (367 ms for "sku-04242" over 100 000 products) when the statistics made a rare
        // term look common; this way a page costs at most about what its count costs.
        var hits = $"hits AS MATERIALIZED (SELECT p.id, p.created_at, p.price, p.sale_price, p.order_count, p.view_count FROM products p WHERE {where})";
        return (count, $"""
            {(prefix.Length > 0 ? prefix + ", " : "WITH ")}{hits}
            SELECT {Columns}
            FROM (SELECT p.id FROM hits p ORDER BY {order} LIMIT @limit OFFSET @offset) h
            JOIN products p ON p.id = h.id
            LEFT JOIN inventory i ON i.product_id = p.id
            ORDER BY {order}
            """);
    }

    internal static void AddParameters(NpgsqlParameterCollection parameters, Filter filter, int? limit = null, int? offset = null)
    {
        if (filter.CategoryId is { } c) parameters.Add(new NpgsqlParameter<int>("category_id", c));
        if (filter.Search is { } s) parameters.Add(new NpgsqlParameter("search", NpgsqlDbType.Text) { Value = ContainsPattern(s) });
        if (limit is { } l) parameters.Add(new NpgsqlParameter<int>("limit", l));
        if (offset is { } o) parameters.Add(new NpgsqlParameter<int>("offset", o));
    }

    public static async Task<ProductReply?> FindAsync(NpgsqlDataSource db, int id, string lang, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand($"""
            SELECT {Columns}
            FROM products p LEFT JOIN inventory i ON i.product_id = p.id
            WHERE p.id = @id AND p.is_active
            """);
        cmd.Parameters.Add(new NpgsqlParameter<int>("id", id));
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? Read(r, lang) : null;
    }

    /// <summary>Which of these products the user has among favorites (laid over cached, anonymous replies).</summary>
    public static async Task<HashSet<int>> FavoritesAmongAsync(NpgsqlDataSource db, int userId, int[] productIds, CancellationToken ct)
    {
        var set = new HashSet<int>();
        if (productIds.Length == 0) return set;
        await using var cmd = db.CreateCommand("SELECT product_id FROM favorites WHERE user_id = $1 AND product_id = ANY($2)");
        cmd.Parameters.AddWithValue(userId);
        cmd.Parameters.AddWithValue(productIds);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) set.Add(r.GetInt32(0));
        return set;
    }

    /// <summary>A search term as an ILIKE pattern that matches it literally anywhere.</summary>
    public static string ContainsPattern(string term) =>
        "%" + term.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";

    /// <summary>The anonymous product (IsFavorite null: favorites are laid over per caller).</summary>
    private static ProductReply Read(NpgsqlDataReader r, string lang)
    {
        var price = r.GetDecimal(8);
        decimal? sale = r.IsDBNull(9) ? null : r.GetDecimal(9);
        return new ProductReply(
            r.GetInt32(0), r.GetString(1), Str(r, 2),
            Infrastructure.Lang.Pick(lang, r.GetString(3), Str(r, 4)) ?? "",
            Infrastructure.Lang.Pick(lang, Str(r, 5), Str(r, 6)),
            r.IsDBNull(7) ? null : r.GetInt32(7),
            price, sale, sale ?? price, Str(r, 10), r.GetInt32(11), null);
    }

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
