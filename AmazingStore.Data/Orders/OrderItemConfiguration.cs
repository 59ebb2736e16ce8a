using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Orders;

public sealed class OrderItemConfiguration : IEntityTypeConfiguration<OrderItem>
{
    public void Configure(EntityTypeBuilder<OrderItem> b)
    {
        b.ToTable("order_items");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.OrderId).HasColumnName("order_id");
        b.Property(x => x.ProductId).HasColumnName("product_id");
        b.Property(x => x.ProductName).HasColumnName("product_name").HasMaxLength(255).IsRequired();
        b.Property(x => x.ProductSku).HasColumnName("product_sku").HasMaxLength(100).IsRequired();
        b.Property(x => x.MarketplaceProductId).HasColumnName("marketplace_product_id").HasMaxLength(255);
        b.Property(x => x.ExternalSku).HasColumnName("external_sku").HasMaxLength(200);
        b.Property(x => x.Price).HasColumnName("price").HasPrecision(10, 2);
        b.Property(x => x.CostPrice).HasColumnName("cost_price").HasPrecision(10, 2);
        b.Property(x => x.Quantity).HasColumnName("quantity");
        b.Property(x => x.Subtotal).HasColumnName("subtotal").HasPrecision(10, 2);
        b.Property(x => x.Profit).HasColumnName("profit").HasPrecision(10, 2);
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.HasOne(x => x.Order).WithMany(x => x.Items).HasForeignKey(x => x.OrderId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Product).WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.SetNull);
    }
}
