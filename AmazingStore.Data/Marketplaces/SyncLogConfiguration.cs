using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Marketplaces;

public sealed class SyncLogConfiguration : IEntityTypeConfiguration<SyncLog>
{
    public void Configure(EntityTypeBuilder<SyncLog> b)
    {
        b.ToTable("sync_logs");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.MarketplaceId).HasColumnName("marketplace_id");
        b.Property(x => x.SyncType).HasColumnName("sync_type").HasMaxLength(20).IsRequired();
        b.Property(x => x.Direction).HasColumnName("direction").HasMaxLength(10);
        b.Property(x => x.TriggerType).HasColumnName("trigger_type").HasMaxLength(20);
        b.Property(x => x.Status).HasColumnName("status").HasMaxLength(20).IsRequired();
        b.Property(x => x.ItemsProcessed).HasColumnName("items_processed");
        b.Property(x => x.ItemsFailed).HasColumnName("items_failed");
        b.Property(x => x.ErrorMessage).HasColumnName("error_message");
        b.Property(x => x.StartedAt).HasColumnName("started_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.Property(x => x.ScheduledFor).HasColumnName("scheduled_for");
        b.Property(x => x.CompletedAt).HasColumnName("completed_at");
        b.Property(x => x.DurationMs).HasColumnName("duration_ms");
        b.HasOne(x => x.Marketplace).WithMany().HasForeignKey(x => x.MarketplaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
