using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Orders;

public sealed class OrderConfiguration : IEntityTypeConfiguration<Order>
{
    public void Configure(EntityTypeBuilder<Order> b)
    {
        b.ToTable("orders");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.OrderNumber).HasColumnName("order_number").HasMaxLength(50).IsRequired();
        b.Property(x => x.MarketplaceId).HasColumnName("marketplace_id");
        b.Property(x => x.Source).HasColumnName("source").HasMaxLength(20).IsRequired();
        b.Property(x => x.MarketplaceOrderId).HasColumnName("marketplace_order_id").HasMaxLength(255);
        b.Property(x => x.UserId).HasColumnName("user_id");
        b.Property(x => x.CustomerName).HasColumnName("customer_name").HasMaxLength(255).IsRequired();
        b.Property(x => x.CustomerPhone).HasColumnName("customer_phone").HasMaxLength(50).IsRequired();
        b.Property(x => x.CustomerAddress).HasColumnName("customer_address");
        b.Property(x => x.DeliveryAddress).HasColumnName("delivery_address");
        b.Property(x => x.DeliveryNotes).HasColumnName("delivery_notes");
        b.Property(x => x.Subtotal).HasColumnName("subtotal").HasPrecision(10, 2);
        b.Property(x => x.DeliveryFee).HasColumnName("delivery_fee").HasPrecision(10, 2);
        b.Property(x => x.Total).HasColumnName("total").HasPrecision(10, 2);
        b.Property(x => x.Status).HasColumnName("status").HasMaxLength(20).IsRequired();
        b.Property(x => x.PaymentStatus).HasColumnName("payment_status").HasMaxLength(20).IsRequired();
        b.Property(x => x.PaymentMethod).HasColumnName("payment_method").HasMaxLength(50);
        b.Property(x => x.TotalCost).HasColumnName("total_cost").HasPrecision(10, 2);
        b.Property(x => x.TotalProfit).HasColumnName("total_profit").HasPrecision(10, 2);
        b.Property(x => x.OrderDate).HasColumnName("order_date").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.Property(x => x.DeliveryDate).HasColumnName("delivery_date");
        b.Property(x => x.ConfirmedAt).HasColumnName("confirmed_at");
        b.Property(x => x.DeliveredAt).HasColumnName("delivered_at");
        b.Property(x => x.CancelledAt).HasColumnName("cancelled_at");
        b.Property(x => x.DeliveryZoneId).HasColumnName("delivery_zone_id");
        b.Property(x => x.IsPickup).HasColumnName("is_pickup");
        b.Property(x => x.ReturnedAt).HasColumnName("returned_at");
        b.Property(x => x.NeedsAttention).HasColumnName("needs_attention");
        b.Property(x => x.AttentionReason).HasColumnName("attention_reason");
        b.Property(x => x.ExternalStatus).HasColumnName("external_status").HasMaxLength(50);
        b.Property(x => x.MarketplaceRefs).HasColumnName("marketplace_refs");
        b.Property(x => x.MarketplaceCheckedAt).HasColumnName("marketplace_checked_at");
        b.Property(x => x.PaidAt).HasColumnName("paid_at");
        b.Property(x => x.NeedsRefund).HasColumnName("needs_refund");
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()").ValueGeneratedOnAddOrUpdate();
        b.HasOne(x => x.Marketplace).WithMany().HasForeignKey(x => x.MarketplaceId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.User).WithMany(x => x.Orders).HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => x.OrderNumber).IsUnique().HasDatabaseName("idx_orders_number");
        b.HasIndex(x => new { x.MarketplaceId, x.MarketplaceOrderId }).IsUnique().HasFilter("marketplace_order_id IS NOT NULL").HasDatabaseName("ux_orders_marketplace_order");
    }
}
