using AmazingStore.Data;
using AmazingStore.Data.Catalog;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Web.Admin;

public sealed record CategoryRequest(string? NameUz, string? NameRu, int? ParentId, string? Icon, string? Color,
    string? ImageUrl, int? SortOrder, bool? IsActive);

public sealed record AdminCategoryReply(int Id, string NameUz, string? NameRu, int? ParentId, string? Icon, string? Color,
    string? ImageUrl, int SortOrder, bool IsActive, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static AdminCategoryReply From(Category c) => new(c.Id, c.NameUz, c.NameRu, c.ParentId, c.Icon, c.Color,
        c.ImageUrl, c.SortOrder, c.IsActive, c.CreatedAt, c.UpdatedAt);
}

/// <summary>Categories, all fields, inactive ones included. DELETE deactivates (subcategories and products stay intact).</summary>
public static class AdminCategoriesApi
{
    public static void MapAdminCategories(this RouteGroupBuilder admin)
    {
        var api = admin.MapGroup("/categories").WithTags("Admin: categories");
        api.MapGet("/", List).WithName("AdminListCategories");
        api.MapPost("/", Create).WithName("AdminCreateCategory");
        api.MapPut("/{id:int}", Update).WithName("AdminUpdateCategory");
        api.MapDelete("/{id:int}", Delete).WithName("AdminDeleteCategory");
    }

    private static async Task<Ok<ItemsReply<AdminCategoryReply>>> List(StoreDb db, CancellationToken ct)
    {
        var rows = await db.Categories.AsNoTracking().OrderBy(c => c.SortOrder).ThenBy(c => c.Id).ToListAsync(ct);
        return TypedResults.Ok(new ItemsReply<AdminCategoryReply>(rows.Select(AdminCategoryReply.From).ToList()));
    }

    private static async Task<Results<Created<AdminCategoryReply>, ProblemHttpResult>> Create(CategoryRequest body, StoreDb db, CancellationToken ct)
    {
        if (await ValidateAsync(body, null, db, ct) is { } problem) return problem;
        var c = new Category();
        Apply(c, body);
        db.Categories.Add(c);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/categories/{c.Id}", AdminCategoryReply.From(c));
    }

    private static async Task<Results<Ok<AdminCategoryReply>, ProblemHttpResult>> Update(int id, CategoryRequest body, StoreDb db, CancellationToken ct)
    {
        var c = await db.Categories.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return Problems.NotFound("Category " + id);
        if (await ValidateAsync(body, id, db, ct) is { } problem) return problem;
        Apply(c, body);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(AdminCategoryReply.From(c));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(int id, StoreDb db, CancellationToken ct) =>
        await db.Categories.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.IsActive, false), ct) > 0
            ? TypedResults.NoContent() : Problems.NotFound("Category " + id);

    private static void Apply(Category c, CategoryRequest b)
    {
        c.NameUz = b.NameUz!.Trim();
        c.NameRu = b.NameRu;
        c.ParentId = b.ParentId;
        c.Icon = b.Icon;
        c.Color = b.Color;
        c.ImageUrl = b.ImageUrl;
        c.SortOrder = b.SortOrder ?? 0;
        c.IsActive = b.IsActive ?? true;
    }

    private static async Task<ProblemHttpResult?> ValidateAsync(CategoryRequest b, int? id, StoreDb db, CancellationToken ct)
    {
        var v = new Validation();
        v.Required("name_uz", b.NameUz, 255);
        v.Text("name_ru", b.NameRu, 255);
        v.Text("icon", b.Icon, 50);
        v.Text("color", b.Color, 20);
        v.WebUrl("image_url", b.ImageUrl, 2000);
        v.Range("sort_order", b.SortOrder, -1_000_000, 1_000_000);
        if (b.ParentId is { } parent)
        {
            if (parent == id) v.Add("parent_id", "A category cannot be its own parent.");
            else if (!await db.Categories.AnyAsync(c => c.Id == parent, ct)) v.Add("parent_id", "parent_id is not a known category.");
            else if (id is not null && await IsDescendantAsync(db, parent, id.Value, ct)) v.Add("parent_id", "That would make a cycle.");
        }
        return v.Ok ? null : Problems.Validation(v.Errors);
    }

    // A shop's category tree is far shallower; a longer chain (or a loop already in the data) is refused as a cycle.
    private const int MaxDepth = 100;

    private static Task<bool> IsDescendantAsync(StoreDb db, int candidate, int ancestor, CancellationToken ct) =>
        // One round trip: walk up from the candidate until the ancestor, the root or the depth bound.
        db.Database.SqlQuery<bool>($"""
            WITH RECURSIVE up (id, parent_id, depth) AS (
                SELECT id, parent_id, 1 FROM categories WHERE id = {candidate}
                UNION ALL
                SELECT c.id, c.parent_id, up.depth + 1 FROM categories c JOIN up ON c.id = up.parent_id
                 WHERE up.id <> {ancestor} AND up.depth < {MaxDepth})
            SELECT EXISTS (SELECT 1 FROM up WHERE id = {ancestor} OR (depth = {MaxDepth} AND parent_id IS NOT NULL)) AS "Value"
            """).SingleAsync(ct);
}
