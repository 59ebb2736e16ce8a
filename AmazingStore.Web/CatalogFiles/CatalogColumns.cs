namespace AmazingStore.Web.CatalogFiles;

/// <summary>
/// The catalog file's columns (API.md "Owner's cockpit"), in file order; export writes all of them and
/// import takes any subset that includes the required ones (a missing column leaves that field alone).
/// </summary>
public static class CatalogColumns
{
    public const string Sku = "sku";
    public const string Barcode = "barcode";
    public const string NameUz = "name_uz";
    public const string NameRu = "name_ru";
    public const string DescriptionUz = "description_uz";
    public const string DescriptionRu = "description_ru";
    public const string CategoryId = "category_id";
    public const string Price = "price";
    public const string SalePrice = "sale_price";
    public const string CostPrice = "cost_price";
    public const string Stock = "stock";
    public const string MinStock = "min_stock";
    public const string IsActive = "is_active";
    public const string ImageUrl = "image_url";

    public static readonly IReadOnlyList<string> All =
        [Sku, Barcode, NameUz, NameRu, DescriptionUz, DescriptionRu, CategoryId, Price, SalePrice, CostPrice, Stock, MinStock, IsActive, ImageUrl];

    public static readonly IReadOnlyList<string> Required = [Sku, NameUz, Price];

    /// <summary>Columns that are product fields (stock goes through the ledger instead).</summary>
    public static readonly IReadOnlyList<string> ProductFields = All.Where(c => c != Stock).ToList();

    /// <summary>The fields the marketplace price depends on: a change queues a price push.</summary>
    public static readonly IReadOnlyList<string> PriceFields = [Price, SalePrice, CostPrice];
}

/// <summary>One product row as a file carries it; <see cref="Row"/> is its row in the file (the header is row 1).</summary>
public sealed record CatalogRow(int Row, string Sku, string? Barcode, string NameUz, string? NameRu, string? DescriptionUz,
    string? DescriptionRu, int? CategoryId, decimal Price, decimal? SalePrice, decimal? CostPrice, int? Stock, int? MinStock,
    bool IsActive, string? ImageUrl);

/// <summary>A bad row: which row (header = 1), which column, what is wrong.</summary>
public sealed record RowError(int Row, string Field, string Message);
