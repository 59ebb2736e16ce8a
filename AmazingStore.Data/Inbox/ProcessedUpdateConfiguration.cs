using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Inbox;

public sealed class ProcessedUpdateConfiguration : IEntityTypeConfiguration<ProcessedUpdate>
{
    public void Configure(EntityTypeBuilder<ProcessedUpdate> b)
    {
        b.ToTable("processed_updates");
        b.HasKey(x => x.UpdateId);
        b.Property(x => x.UpdateId).HasColumnName("update_id").ValueGeneratedNever();
        b.Property(x => x.Payload).HasColumnName("payload").HasColumnType("jsonb").IsRequired();
        b.Property(x => x.Status).HasColumnName("status").HasMaxLength(20).IsRequired();
        b.Property(x => x.Attempts).HasColumnName("attempts");
        b.Property(x => x.LastError).HasColumnName("last_error");
        b.Property(x => x.ReceivedAt).HasColumnName("received_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.Property(x => x.ProcessedAt).HasColumnName("processed_at");
        b.Property(x => x.LockedUntil).HasColumnName("locked_until");
    }
}
