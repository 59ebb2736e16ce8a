using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Delivery;

public sealed class DeliveryZoneConfiguration : IEntityTypeConfiguration<DeliveryZone>
{
    public void Configure(EntityTypeBuilder<DeliveryZone> b)
    {
        b.ToTable("delivery_zones");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.NameUz).HasColumnName("name_uz").HasMaxLength(255).IsRequired();
        b.Property(x => x.NameRu).HasColumnName("name_ru").HasMaxLength(255);
        b.Property(x => x.Fee).HasColumnName("fee").HasPrecision(10, 2);
        b.Property(x => x.FreeFrom).HasColumnName("free_from").HasPrecision(10, 2);
        b.Property(x => x.IsPickup).HasColumnName("is_pickup");
        b.Property(x => x.IsActive).HasColumnName("is_active");
        b.Property(x => x.SortOrder).HasColumnName("sort_order");
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()").ValueGeneratedOnAddOrUpdate();
    }
}
