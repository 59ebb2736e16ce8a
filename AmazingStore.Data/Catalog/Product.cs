namespace AmazingStore.Data.Catalog;

/// <summary>A master-catalog product; Sku is the mapping key to every marketplace. Table <c>products</c>. Times are UTC.</summary>
public class Product
{
    public int Id { get; set; }
    public string Sku { get; set; } = "";
    public string? Barcode { get; set; }
    public string NameUz { get; set; } = "";
    public string? NameRu { get; set; }
    public string? DescriptionUz { get; set; }
    public string? DescriptionRu { get; set; }
    public int? CategoryId { get; set; }
    public decimal Price { get; set; }
    public decimal? SalePrice { get; set; }
    public decimal? CostPrice { get; set; }
    public decimal? ProfitabilityPercentage { get; set; }
    public string? ImageUrl { get; set; }
    /// <summary>Below this available stock the owner is alerted; null = the configured default.</summary>
    public int? MinStock { get; set; }
    public bool IsActive { get; set; } = true;
    public int ViewCount { get; set; }
    public int OrderCount { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public Category? Category { get; set; }
    public InventoryItem? Inventory { get; set; }
    public List<MarketplaceProduct> MarketplaceProducts { get; set; } = [];
}
