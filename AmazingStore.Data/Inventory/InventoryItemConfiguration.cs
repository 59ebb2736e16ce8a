using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Inventory;

public sealed class InventoryItemConfiguration : IEntityTypeConfiguration<InventoryItem>
{
    public void Configure(EntityTypeBuilder<InventoryItem> b)
    {
        b.ToTable("inventory");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.ProductId).HasColumnName("product_id");
        b.Property(x => x.Quantity).HasColumnName("quantity");
        b.Property(x => x.ReservedQuantity).HasColumnName("reserved_quantity");
        b.Property(x => x.LastUpdatedAt).HasColumnName("last_updated_at").HasDefaultValueSql("now()").ValueGeneratedOnAddOrUpdate();
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.HasOne(x => x.Product).WithOne(x => x.Inventory).HasForeignKey<InventoryItem>(x => x.ProductId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.ProductId).IsUnique().HasDatabaseName("idx_inventory_product");
        b.ToTable(t =>
        {
            t.HasCheckConstraint("chk_inventory_quantity", "quantity >= 0");
            t.HasCheckConstraint("chk_inventory_reserved_quantity", "reserved_quantity >= 0");
            t.HasCheckConstraint("chk_inventory_reserved_le_qty", "reserved_quantity <= quantity");
        });
    }
}
