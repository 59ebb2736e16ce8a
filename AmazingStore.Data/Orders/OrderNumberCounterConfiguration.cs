using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Orders;

public sealed class OrderNumberCounterConfiguration : IEntityTypeConfiguration<OrderNumberCounter>
{
    public void Configure(EntityTypeBuilder<OrderNumberCounter> b)
    {
        b.ToTable("order_number_counters");
        b.HasKey(x => new { x.Prefix, x.Day });
        b.Property(x => x.Prefix).HasColumnName("prefix").HasMaxLength(20).IsRequired();
        b.Property(x => x.Day).HasColumnName("day");
        b.Property(x => x.LastValue).HasColumnName("last_value");
    }
}
