using AmazingStore.Web.Auth;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace AmazingStore.Web.Catalog;

/// <summary>
/// The public catalog: categories, products, banners. No auth. Replies are the same for everyone and
/// come from <see cref="CatalogCache"/>; a signed-in caller's favorites are laid over them per request.
/// </summary>
public static class CatalogApi
{
    public static void MapCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Catalog");
        api.MapGet("/categories", ListCategories).WithName("ListCategories").Produces<ItemsReply<CategoryReply>>();
        api.MapGet("/products", ListProducts).WithName("ListProducts").Produces<ListReply<ProductReply>>();
        api.MapGet("/products/{id:int}", GetProduct).WithName("GetProduct").Produces<ProductReply>();
        api.MapGet("/banners", ListBanners).WithName("ListBanners").Produces<ItemsReply<BannerReply>>();
    }

    private static async Task<Results<JsonBytesResult, ProblemHttpResult>> ListCategories(
        string? lang, CatalogCache cache, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!Lang.TryParse(lang, out var l)) return Lang.Invalid();
        var reply = await cache.GetOrLoadAsync("c|" + l, c => CatalogQueries.CategoriesAsync(db, l, c), ct);
        return new JsonBytesResult(reply!.Json);
    }

    private static async Task<Results<JsonBytesResult, Ok<ListReply<ProductReply>>, ProblemHttpResult>> ListProducts(
        string? lang, int? page, int? limit, [FromQuery(Name = "category_id")] int? categoryId, string? search, string? sort,
        HttpContext http, CatalogCache cache, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!Lang.TryParse(lang, out var l)) return Lang.Invalid();
        if (!Paging.TryCreate(page, limit, out var paging, out var problem)) return problem!;
        sort = string.IsNullOrEmpty(sort) ? "new" : sort;
        if (!ProductQuery.Sorts.Contains(sort))
            return Problems.Validation("sort", "sort must be one of: " + string.Join(", ", ProductQuery.Sorts) + ".");
        search = string.IsNullOrWhiteSpace(search) ? null : search.Trim();
        if (search is { Length: > 200 }) return Problems.Validation("search", "search must be at most 200 characters.");

        // Every parameter that shapes the reply, normalised (search last: it may hold any character).
        var key = $"p|{l}|{paging.Page}|{paging.Limit}|{categoryId}|{sort}|{search}";
        var cached = await cache.GetOrLoadAsync(key, async c =>
        {
            var (items, total) = await ProductQuery.ListAsync(db, new(categoryId, search, sort), l, paging.Limit, paging.Offset, c);
            return new ListReply<ProductReply>(items, paging.Page, paging.Limit, total);
        }, ct);
        if (CustomerAuth.Current(http) is not { } customer) return new JsonBytesResult(cached!.Json);

        var reply = (ListReply<ProductReply>)cached!.Reply;
        var favorites = await ProductQuery.FavoritesAmongAsync(db, customer.UserId, reply.Items.Select(p => p.Id).ToArray(), ct);
        return TypedResults.Ok(reply with { Items = reply.Items.Select(p => p with { IsFavorite = favorites.Contains(p.Id) }).ToList() });
    }

    private static async Task<Results<JsonBytesResult, Ok<ProductReply>, ProblemHttpResult>> GetProduct(
        int id, string? lang, HttpContext http, CatalogCache cache, ProductViews views, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!Lang.TryParse(lang, out var l)) return Lang.Invalid();
        var cached = await cache.GetOrLoadAsync($"d|{l}|{id}", c => ProductQuery.FindAsync(db, id, l, c), ct);
        if (cached is null) return Problems.NotFound("Product " + id);
        views.Count(id);
        if (CustomerAuth.Current(http) is not { } customer) return new JsonBytesResult(cached.Json);

        var favorites = await ProductQuery.FavoritesAmongAsync(db, customer.UserId, [id], ct);
        return TypedResults.Ok((ProductReply)cached.Reply with { IsFavorite = favorites.Contains(id) });
    }

    private static async Task<Results<JsonBytesResult, ProblemHttpResult>> ListBanners(
        string? lang, CatalogCache cache, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!Lang.TryParse(lang, out var l)) return Lang.Invalid();
        var reply = await cache.GetOrLoadAsync("b|" + l, c => CatalogQueries.BannersAsync(db, l, c), ct);
        return new JsonBytesResult(reply!.Json);
    }
}
