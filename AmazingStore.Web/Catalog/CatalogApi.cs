using AmazingStore.Web.Auth;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace AmazingStore.Web.Catalog;

/// <summary>The public catalog: categories, products, banners. No auth; a signed-in caller also sees favorites.</summary>
public static class CatalogApi
{
    public static void MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Catalog");
        api.MapGet("/categories", ListCategories).WithName("ListCategories");
        api.MapGet("/products", ListProducts).WithName("ListProducts");
        api.MapGet("/products/{id:int}", GetProduct).WithName("GetProduct");
        api.MapGet("/banners", ListBanners).WithName("ListBanners");
    }

    private static async Task<Results<Ok<ItemsReply<CategoryReply>>, ProblemHttpResult>> ListCategories(
        string? lang, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!Lang.TryParse(lang, out var l)) return Lang.Invalid();
        await using var cmd = db.CreateCommand("""
            SELECT id, name_uz, name_ru, parent_id, icon, color, image_url, sort_order
            FROM categories WHERE is_active ORDER BY sort_order, id
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var items = new List<CategoryReply>();
        while (await r.ReadAsync(ct))
            items.Add(new(r.GetInt32(0), Lang.Pick(l, r.GetString(1), Str(r, 2)) ?? "", r.IsDBNull(3) ? null : r.GetInt32(3),
                Str(r, 4), Str(r, 5), Str(r, 6), r.GetInt32(7)));
        return TypedResults.Ok(new ItemsReply<CategoryReply>(items));
    }

    private static async Task<Results<Ok<ListReply<ProductReply>>, ProblemHttpResult>> ListProducts(
        string? lang, int? page, int? limit, [FromQuery(Name = "category_id")] int? categoryId, string? search, string? sort,
        HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!Lang.TryParse(lang, out var l)) return Lang.Invalid();
        if (!Paging.TryCreate(page, limit, out var paging, out var problem)) return problem!;
        sort = string.IsNullOrEmpty(sort) ? "new" : sort;
        if (!ProductQuery.Sorts.Contains(sort))
            return Problems.Validation("sort", "sort must be one of: " + string.Join(", ", ProductQuery.Sorts) + ".");
        search = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        if (search is { Length: > 200 }) return Problems.Validation("search", "search must be at most 200 characters.");

        var customer = CustomerAuth.Current(http);
        var (items, total) = await ProductQuery.ListAsync(db, new(categoryId, search, sort), l, customer?.UserId,
            paging.Limit, paging.Offset, ct);
        return TypedResults.Ok(new ListReply<ProductReply>(items, paging.Page, paging.Limit, total));
    }

    private static async Task<Results<Ok<ProductReply>, ProblemHttpResult>> GetProduct(
        int id, string? lang, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!Lang.TryParse(lang, out var l)) return Lang.Invalid();
        var customer = CustomerAuth.Current(http);
        return await ProductQuery.FindAsync(db, id, l, customer?.UserId, ct) is { } product
            ? TypedResults.Ok(product)
            : Problems.NotFound("Product " + id);
    }

    private static async Task<Results<Ok<ItemsReply<BannerReply>>, ProblemHttpResult>> ListBanners(
        string? lang, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!Lang.TryParse(lang, out var l)) return Lang.Invalid();
        await using var cmd = db.CreateCommand("""
            SELECT id, title_uz, title_ru, image_url, link_type, link_id, link_url, sort_order
            FROM banners WHERE is_active ORDER BY sort_order, id
            """);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var items = new List<BannerReply>();
        while (await r.ReadAsync(ct))
            items.Add(new(r.GetInt32(0), Lang.Pick(l, Str(r, 1), Str(r, 2)), r.GetString(3), Str(r, 4),
                r.IsDBNull(5) ? null : r.GetInt32(5), Str(r, 6), r.GetInt32(7)));
        return TypedResults.Ok(new ItemsReply<BannerReply>(items));
    }

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
