using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Inventory;

public sealed class InventoryMovementConfiguration : IEntityTypeConfiguration<InventoryMovement>
{
    public void Configure(EntityTypeBuilder<InventoryMovement> b)
    {
        b.ToTable("inventory_movements");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.ProductId).HasColumnName("product_id");
        b.Property(x => x.MovementType).HasColumnName("movement_type").HasMaxLength(30).IsRequired();
        b.Property(x => x.QuantityChange).HasColumnName("quantity_change");
        b.Property(x => x.QuantityBefore).HasColumnName("quantity_before");
        b.Property(x => x.QuantityAfter).HasColumnName("quantity_after");
        b.Property(x => x.ReservedChange).HasColumnName("reserved_change");
        b.Property(x => x.ReservedBefore).HasColumnName("reserved_before");
        b.Property(x => x.ReservedAfter).HasColumnName("reserved_after");
        b.Property(x => x.ReferenceType).HasColumnName("reference_type").HasMaxLength(30);
        b.Property(x => x.ReferenceId).HasColumnName("reference_id");
        b.Property(x => x.MarketplaceId).HasColumnName("marketplace_id");
        b.Property(x => x.Notes).HasColumnName("notes");
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.HasOne(x => x.Product).WithMany().HasForeignKey(x => x.ProductId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.Marketplace).WithMany().HasForeignKey(x => x.MarketplaceId).OnDelete(DeleteBehavior.SetNull);
    }
}
