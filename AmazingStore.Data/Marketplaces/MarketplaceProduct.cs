namespace AmazingStore.Data.Marketplaces;

/// <summary>Maps one of our products to its listing on one marketplace, with what we last read and pushed. Table <c>marketplace_products</c>. Times are UTC.</summary>
public class MarketplaceProduct
{
    public int Id { get; set; }
    public int ProductId { get; set; }
    public int MarketplaceId { get; set; }
    public string MarketplaceProductId { get; set; } = "";
    public string? MarketplaceSku { get; set; }
    public string? MarketplaceName { get; set; }
    public string? MarketplaceUrl { get; set; }
    public decimal? MarketplacePrice { get; set; }
    public decimal? MarketplaceStrikethroughPrice { get; set; }
    public int? MarketplaceStock { get; set; }
    public int? PreviousStock { get; set; }
    public DateTime? StockLastSyncedAt { get; set; }
    public DateTime? LastPriceSyncAt { get; set; }
    public DateTime? LastStockSyncAt { get; set; }
    public bool PriceEditable { get; set; } = true;
    public decimal? CommissionRate { get; set; }
    public string Status { get; set; } = "active";
    public bool IsActive { get; set; } = true;
    public DateTime? LastSyncedAt { get; set; }
    public string? SyncStatus { get; set; }
    public string? SyncError { get; set; }
    public string? Barcode { get; set; }
    public string? WarehouseId { get; set; }
    public int? LastPushedStock { get; set; }
    public decimal? LastPushedPrice { get; set; }
    public decimal? LastPushedSalePrice { get; set; }
    /// <summary>The cost the last pushed price was ruled with (its floor depends on it).</summary>
    public decimal? LastPushedCostPrice { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public Product Product { get; set; } = null!;
    public Marketplace Marketplace { get; set; } = null!;
}
