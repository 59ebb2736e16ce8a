using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Catalog;

public sealed class ProductConfiguration : IEntityTypeConfiguration<Product>
{
    public void Configure(EntityTypeBuilder<Product> b)
    {
        b.ToTable("products");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.Sku).HasColumnName("sku").HasMaxLength(100).IsRequired();
        b.Property(x => x.Barcode).HasColumnName("barcode").HasMaxLength(100);
        b.Property(x => x.NameUz).HasColumnName("name_uz").HasMaxLength(255).IsRequired();
        b.Property(x => x.NameRu).HasColumnName("name_ru").HasMaxLength(255);
        b.Property(x => x.DescriptionUz).HasColumnName("description_uz");
        b.Property(x => x.DescriptionRu).HasColumnName("description_ru");
        b.Property(x => x.CategoryId).HasColumnName("category_id");
        b.Property(x => x.Price).HasColumnName("price").HasPrecision(10, 2);
        b.Property(x => x.SalePrice).HasColumnName("sale_price").HasPrecision(10, 2);
        b.Property(x => x.CostPrice).HasColumnName("cost_price").HasPrecision(10, 2);
        b.Property(x => x.ProfitabilityPercentage).HasColumnName("profitability_percentage").HasPrecision(5, 2);
        b.Property(x => x.ImageUrl).HasColumnName("image_url");
        b.Property(x => x.MinStock).HasColumnName("min_stock");
        b.Property(x => x.IsActive).HasColumnName("is_active");
        b.Property(x => x.ViewCount).HasColumnName("view_count");
        b.Property(x => x.OrderCount).HasColumnName("order_count");
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()").ValueGeneratedOnAddOrUpdate();
        b.HasOne(x => x.Category).WithMany(x => x.Products).HasForeignKey(x => x.CategoryId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => x.Sku).IsUnique().HasDatabaseName("idx_products_sku");
    }
}
