using AmazingStore.Data;
using AmazingStore.Data.Catalog;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Web.Admin;

public sealed record BannerRequest(string? TitleUz, string? TitleRu, string? ImageUrl, string? LinkType, int? LinkId,
    string? LinkUrl, int? SortOrder, bool? IsActive);

public sealed record AdminBannerReply(int Id, string? TitleUz, string? TitleRu, string ImageUrl, string? LinkType, int? LinkId,
    string? LinkUrl, int SortOrder, bool IsActive, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static AdminBannerReply From(Banner b) => new(b.Id, b.TitleUz, b.TitleRu, b.ImageUrl, b.LinkType, b.LinkId,
        b.LinkUrl, b.SortOrder, b.IsActive, b.CreatedAt, b.UpdatedAt);
}

public static class AdminBannersApi
{
    private static readonly string[] LinkTypes = ["product", "category", "url"];

    public static void MapAdminBanners(this RouteGroupBuilder admin)
    {
        var api = admin.MapGroup("/banners").WithTags("Admin: banners");
        api.MapGet("/", List).WithName("AdminListBanners");
        api.MapPost("/", Create).WithName("AdminCreateBanner");
        api.MapPut("/{id:int}", Update).WithName("AdminUpdateBanner");
        api.MapDelete("/{id:int}", Delete).WithName("AdminDeleteBanner");
    }

    private static async Task<Ok<ItemsReply<AdminBannerReply>>> List(StoreDb db, CancellationToken ct)
    {
        var rows = await db.Banners.AsNoTracking().OrderBy(b => b.SortOrder).ThenBy(b => b.Id).ToListAsync(ct);
        return TypedResults.Ok(new ItemsReply<AdminBannerReply>(rows.Select(AdminBannerReply.From).ToList()));
    }

    private static async Task<Results<Created<AdminBannerReply>, ProblemHttpResult>> Create(BannerRequest body, StoreDb db, CancellationToken ct)
    {
        if (Validate(body) is { } problem) return problem;
        var b = new Banner();
        Apply(b, body);
        db.Banners.Add(b);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/admin/banners/{b.Id}", AdminBannerReply.From(b));
    }

    private static async Task<Results<Ok<AdminBannerReply>, ProblemHttpResult>> Update(int id, BannerRequest body, StoreDb db, CancellationToken ct)
    {
        var b = await db.Banners.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (b is null) return Problems.NotFound("Banner " + id);
        if (Validate(body) is { } problem) return problem;
        Apply(b, body);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(AdminBannerReply.From(b));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(int id, StoreDb db, CancellationToken ct) =>
        await db.Banners.Where(b => b.Id == id).ExecuteDeleteAsync(ct) > 0 ? TypedResults.NoContent() : Problems.NotFound("Banner " + id);

    private static void Apply(Banner b, BannerRequest r)
    {
        b.TitleUz = r.TitleUz;
        b.TitleRu = r.TitleRu;
        b.ImageUrl = r.ImageUrl!;
        b.LinkType = r.LinkType;
        b.LinkId = r.LinkId;
        b.LinkUrl = r.LinkUrl;
        b.SortOrder = r.SortOrder ?? 0;
        b.IsActive = r.IsActive ?? true;
    }

    private static ProblemHttpResult? Validate(BannerRequest r)
    {
        var v = new Validation();
        v.Text("title_uz", r.TitleUz, 255);
        v.Text("title_ru", r.TitleRu, 255);
        v.WebUrl("image_url", r.ImageUrl, 2000, required: true);
        v.WebUrl("link_url", r.LinkUrl, 2000);
        v.Range("sort_order", r.SortOrder, -1_000_000, 1_000_000);
        if (r.LinkType is not null && !LinkTypes.Contains(r.LinkType)) v.Add("link_type", "link_type must be product, category or url.");
        if (r.LinkType is "product" or "category" && r.LinkId is null) v.Add("link_id", "link_id is required for this link_type.");
        if (r.LinkType is "url" && string.IsNullOrWhiteSpace(r.LinkUrl)) v.Add("link_url", "link_url is required for link_type url.");
        return v.Ok ? null : Problems.Validation(v.Errors);
    }
}
