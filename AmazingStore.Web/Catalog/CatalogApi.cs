using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace AmazingStore.Web.Catalog;

/// <summary>First, simplest product list (the store API issue replaces it).</summary>
public static class CatalogApi
{
    public static void MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Catalog");
        api.MapGet("/products", ListProducts).WithName("ListProducts");
    }

    public sealed record ProductReply(int Id, string Sku, string Name, decimal Price);
    public sealed record ListReply<T>(IReadOnlyList<T> Items, int Page, int Limit, long Total);

    private static async Task<Ok<ListReply<ProductReply>>> ListProducts(NpgsqlDataSource db, CancellationToken ct)
    {
        var items = new List<ProductReply>();
        await using var cmd = db.CreateCommand("SELECT id, sku, name_uz, price FROM products WHERE is_active ORDER BY id LIMIT 20");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) items.Add(new(r.GetInt32(0), r.GetString(1), r.GetString(2), r.GetDecimal(3)));
        return TypedResults.Ok(new ListReply<ProductReply>(items, 1, 20, items.Count));
    }
}
