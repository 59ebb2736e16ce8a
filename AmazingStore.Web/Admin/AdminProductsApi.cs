using AmazingStore.Data.Outbox;
using AmazingStore.Web.Catalog;
using AmazingStore.Data;
using AmazingStore.Data.Catalog;
using AmazingStore.Data.Inventory;
using AmazingStore.Web.Auth;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AmazingStore.Web.Admin;

public sealed record ProductRequest(string? Sku, string? Barcode, string? NameUz, string? NameRu, string? DescriptionUz,
    string? DescriptionRu, int? CategoryId, decimal? Price, decimal? SalePrice, decimal? CostPrice, string? ImageUrl,
    bool? IsActive, int? InitialStock);

public sealed record AdminProductReply(int Id, string Sku, string? Barcode, string NameUz, string? NameRu, string? DescriptionUz,
    string? DescriptionRu, int? CategoryId, decimal Price, decimal? SalePrice, decimal? CostPrice, string? ImageUrl, bool IsActive,
    int OrderCount, int Quantity, int ReservedQuantity, int Available, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static AdminProductReply From(Product p) => new(p.Id, p.Sku, p.Barcode, p.NameUz, p.NameRu, p.DescriptionUz,
        p.DescriptionRu, p.CategoryId, p.Price, p.SalePrice, p.CostPrice, p.ImageUrl, p.IsActive, p.OrderCount,
        p.Inventory?.Quantity ?? 0, p.Inventory?.ReservedQuantity ?? 0, p.Inventory?.Available ?? 0,
        p.CreatedAt, p.UpdatedAt);
}

public sealed record StockRequest(int? Change, int? Set, string? Reason);

public sealed record StockReply(int Quantity, int ReservedQuantity, int Available);

public sealed record MovementReply(int Id, string MovementType, int QuantityChange, int? QuantityBefore, int? QuantityAfter,
    int ReservedChange, int? ReservedBefore, int? ReservedAfter, string? ReferenceType, int? ReferenceId, int? MarketplaceId,
    string? Notes, DateTime CreatedAt);

/// <summary>The master catalog for admins: inactive products included, stock figures alongside; stock only through the ledger.</summary>
public static class AdminProductsApi
{
    private const int MaxStock = 1_000_000;

    public static void MapAdminProducts(this RouteGroupBuilder admin)
    {
        var api = admin.MapGroup("/products").WithTags("Admin: products");
        api.MapGet("/", List).WithName("AdminListProducts");
        api.MapPost("/", Create).WithName("AdminCreateProduct");
        api.MapPut("/{id:int}", Update).WithName("AdminUpdateProduct");
        api.MapDelete("/{id:int}", Delete).WithName("AdminDeleteProduct");
        api.MapPost("/{id:int}/stock", AdjustStock).WithName("AdminAdjustStock");
        api.MapGet("/{id:int}/movements", Movements).WithName("AdminStockMovements");
    }

    private static async Task<Results<Ok<ListReply<AdminProductReply>>, ProblemHttpResult>> List(
        string? search, int? page, int? limit, StoreDb db, CancellationToken ct)
    {
        if (!Paging.TryCreate(page, limit, out var paging, out var problem)) return problem!;
        if (search is { Length: > 200 }) return Problems.Validation("search", "search must be at most 200 characters.");
        var q = db.Products.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var like = ProductQuery.ContainsPattern(search.Trim());
            // No COALESCE around the nullable columns: it would hide them from their trigram indexes
            // (a NULL inside the OR simply does not match).
            q = q.Where(p => EF.Functions.ILike(p.NameUz, like) || EF.Functions.ILike(p.NameRu!, like)
                || EF.Functions.ILike(p.Sku, like) || EF.Functions.ILike(p.Barcode!, like));
        }
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderByDescending(p => p.Id).Skip(paging.Offset).Take(paging.Limit).Include(p => p.Inventory).ToListAsync(ct);
        return TypedResults.Ok(new ListReply<AdminProductReply>(rows.Select(AdminProductReply.From).ToList(), paging.Page, paging.Limit, total));
    }

    private static async Task<Results<Created<AdminProductReply>, ProblemHttpResult>> Create(
        ProductRequest body, Customer who, StoreDb db, CancellationToken ct)
    {
        if (await ValidateAsync(body, db, ct) is { } problem) return problem;
        if (body.InitialStock is < 0 or > MaxStock) return Problems.Validation("initial_stock", $"initial_stock must be from 0 to {MaxStock}.");
        var p = new Product();
        Apply(p, body);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Products.Add(p);
        if (!await TrySaveAsync(db, ct)) return DuplicateSku(body.Sku!);
        // Even zero gets an inventory row and an opening ledger line, so the product reconciles from day one.
        var stock = await StockLedger.AdjustAsync(db, p.Id, body.InitialStock ?? 0, null,
            new LedgerReference("admin", who.UserId, null, "initial stock"), ct, MovementTypes.Initial);
        if (!stock.Ok) throw new InvalidOperationException("Opening stock refused: " + stock.Error);
        await tx.CommitAsync(ct);
        return TypedResults.Created($"/api/admin/products/{p.Id}", AdminProductReply.From(await LoadAsync(db, p.Id, ct) ?? p));
    }

    private static async Task<Results<Ok<AdminProductReply>, ProblemHttpResult>> Update(int id, ProductRequest body, StoreDb db, CancellationToken ct)
    {
        var p = await db.Products.FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null) return Problems.NotFound("Product " + id);
        if (await ValidateAsync(body, db, ct) is { } problem) return problem;
        if (body.InitialStock is not null) return Problems.Validation("initial_stock", "Change stock with POST /api/admin/products/{id}/stock.");
        // Cost too: it is the floor of every marketplace price (PriceRules).
        var priceChanged = p.Price != body.Price || p.SalePrice != body.SalePrice || p.CostPrice != body.CostPrice;
        Apply(p, body);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (!await TrySaveAsync(db, ct)) return DuplicateSku(body.Sku!);
        if (priceChanged)
            await OutboxWriter.EnqueueAsync(db, OutboxTypes.MarketplacePricePush, $"{{\"product_ids\":[{id}]}}", null, ct);
        await tx.CommitAsync(ct);
        return TypedResults.Ok(AdminProductReply.From((await LoadAsync(db, id, ct))!));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(int id, StoreDb db, CancellationToken ct) =>
        await db.Products.Where(p => p.Id == id).ExecuteUpdateAsync(s => s.SetProperty(p => p.IsActive, false), ct) > 0
            ? TypedResults.NoContent() : Problems.NotFound("Product " + id);

    private static async Task<Results<Ok<StockReply>, ProblemHttpResult>> AdjustStock(
        int id, StockRequest body, Customer who, StoreDb db, CancellationToken ct)
    {
        var v = new Validation();
        if (body.Change is null == body.Set is null) v.Add("change", "Give exactly one of change and set.");
        v.Range("change", body.Change, -MaxStock, MaxStock);
        v.Range("set", body.Set, 0, MaxStock);
        v.Text("reason", body.Reason, 500);
        if (!v.Ok) return Problems.Validation(v.Errors);

        var r = await StockLedger.AdjustAsync(db, id, body.Change, body.Set, new LedgerReference("admin", who.UserId, null, body.Reason), ct);
        if (r.Ok) return TypedResults.Ok(new StockReply(r.Figures.Quantity, r.Figures.Reserved, r.Figures.Available));
        return r.Error switch
        {
            "not_found" => Problems.NotFound("Product " + id),
            "below_reserved" => Problems.Conflict("below_reserved",
                $"On hand cannot go below the {r.Figures.Reserved} units reserved by open orders.",
                [new("quantity", r.Figures.Quantity), new("reserved_quantity", r.Figures.Reserved), new("available", r.Figures.Available)]),
            _ => Problems.Conflict("negative_stock", "On hand cannot go below zero.",
                [new("quantity", r.Figures.Quantity), new("reserved_quantity", r.Figures.Reserved), new("available", r.Figures.Available)]),
        };
    }

    private static async Task<Results<Ok<ListReply<MovementReply>>, ProblemHttpResult>> Movements(
        int id, int? page, int? limit, StoreDb db, CancellationToken ct)
    {
        if (!Paging.TryCreate(page, limit, out var paging, out var problem)) return problem!;
        if (!await db.Products.AnyAsync(p => p.Id == id, ct)) return Problems.NotFound("Product " + id);
        var q = db.InventoryMovements.AsNoTracking().Where(m => m.ProductId == id);
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderByDescending(m => m.Id).Skip(paging.Offset).Take(paging.Limit)
            .Select(m => new MovementReply(m.Id, m.MovementType, m.QuantityChange, m.QuantityBefore, m.QuantityAfter, m.ReservedChange,
                m.ReservedBefore, m.ReservedAfter, m.ReferenceType, m.ReferenceId, m.MarketplaceId, m.Notes, m.CreatedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new ListReply<MovementReply>(rows, paging.Page, paging.Limit, total));
    }

    private static Task<Product?> LoadAsync(StoreDb db, int id, CancellationToken ct) =>
        db.Products.AsNoTracking().Include(p => p.Inventory).FirstOrDefaultAsync(p => p.Id == id, ct);

    private static async Task<bool> TrySaveAsync(StoreDb db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "idx_products_sku" })
        {
            return false;
        }
    }

    private static ProblemHttpResult DuplicateSku(string sku) =>
        Problems.Conflict("duplicate_sku", $"Another product already has SKU '{sku}'.");

    private static void Apply(Product p, ProductRequest b)
    {
        p.Sku = b.Sku!.Trim();
        p.Barcode = string.IsNullOrWhiteSpace(b.Barcode) ? null : b.Barcode.Trim();
        p.NameUz = b.NameUz!.Trim();
        p.NameRu = b.NameRu;
        p.DescriptionUz = b.DescriptionUz;
        p.DescriptionRu = b.DescriptionRu;
        p.CategoryId = b.CategoryId;
        p.Price = b.Price!.Value;
        p.SalePrice = b.SalePrice;
        p.CostPrice = b.CostPrice;
        p.ImageUrl = b.ImageUrl;
        p.IsActive = b.IsActive ?? true;
    }

    private static async Task<ProblemHttpResult?> ValidateAsync(ProductRequest b, StoreDb db, CancellationToken ct)
    {
        var v = new Validation();
        v.Required("sku", b.Sku, 100);
        v.Text("barcode", b.Barcode, 100);
        v.Required("name_uz", b.NameUz, 255);
        v.Text("name_ru", b.NameRu, 255);
        v.Text("description_uz", b.DescriptionUz, 20_000);
        v.Text("description_ru", b.DescriptionRu, 20_000);
        v.WebUrl("image_url", b.ImageUrl, 2000);
        v.Money("price", b.Price, required: true);
        v.Money("sale_price", b.SalePrice);
        v.Money("cost_price", b.CostPrice);
        if (b.CategoryId is { } c && !await db.Categories.AnyAsync(x => x.Id == c, ct)) v.Add("category_id", "category_id is not a known category.");
        return v.Ok ? null : Problems.Validation(v.Errors);
    }
}
