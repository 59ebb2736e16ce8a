using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Marketplaces;

public sealed class MarketplaceProductConfiguration : IEntityTypeConfiguration<MarketplaceProduct>
{
    public void Configure(EntityTypeBuilder<MarketplaceProduct> b)
    {
        b.ToTable("marketplace_products");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.ProductId).HasColumnName("product_id");
        b.Property(x => x.MarketplaceId).HasColumnName("marketplace_id");
        b.Property(x => x.MarketplaceProductId).HasColumnName("marketplace_product_id").HasMaxLength(255).IsRequired();
        b.Property(x => x.MarketplaceSku).HasColumnName("marketplace_sku").HasMaxLength(255);
        b.Property(x => x.MarketplaceName).HasColumnName("marketplace_name").HasMaxLength(500);
        b.Property(x => x.MarketplaceUrl).HasColumnName("marketplace_url");
        b.Property(x => x.MarketplacePrice).HasColumnName("marketplace_price").HasPrecision(10, 2);
        b.Property(x => x.MarketplaceStrikethroughPrice).HasColumnName("marketplace_strikethrough_price").HasPrecision(10, 2);
        b.Property(x => x.MarketplaceStock).HasColumnName("marketplace_stock");
        b.Property(x => x.PreviousStock).HasColumnName("previous_stock");
        b.Property(x => x.StockLastSyncedAt).HasColumnName("stock_last_synced_at");
        b.Property(x => x.LastPriceSyncAt).HasColumnName("last_price_sync_at");
        b.Property(x => x.LastStockSyncAt).HasColumnName("last_stock_sync_at");
        b.Property(x => x.PriceEditable).HasColumnName("price_editable");
        b.Property(x => x.CommissionRate).HasColumnName("commission_rate").HasPrecision(5, 2);
        b.Property(x => x.Status).HasColumnName("status").HasMaxLength(20).IsRequired();
        b.Property(x => x.IsActive).HasColumnName("is_active");
        b.Property(x => x.LastSyncedAt).HasColumnName("last_synced_at");
        b.Property(x => x.SyncStatus).HasColumnName("sync_status").HasMaxLength(20);
        b.Property(x => x.SyncError).HasColumnName("sync_error");
        b.Property(x => x.Barcode).HasColumnName("barcode").HasMaxLength(100);
        b.Property(x => x.WarehouseId).HasColumnName("warehouse_id").HasMaxLength(100);
        b.Property(x => x.LastPushedStock).HasColumnName("last_pushed_stock");
        b.Property(x => x.LastPushedPrice).HasColumnName("last_pushed_price").HasPrecision(10, 2);
        b.Property(x => x.LastPushedSalePrice).HasColumnName("last_pushed_sale_price").HasPrecision(10, 2);
        b.Property(x => x.LastPushedCostPrice).HasColumnName("last_pushed_cost_price").HasPrecision(10, 2);
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()").ValueGeneratedOnAddOrUpdate();
        b.HasOne(x => x.Product).WithMany(x => x.MarketplaceProducts).HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Marketplace).WithMany(x => x.Products).HasForeignKey(x => x.MarketplaceId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ProductId, x.MarketplaceId }).IsUnique().HasDatabaseName("uq_mp_products_product_marketplace");
        b.HasIndex(x => new { x.MarketplaceId, x.MarketplaceProductId, x.MarketplaceSku }).IsUnique().HasDatabaseName("ux_mp_products_marketplace_external");
    }
}
