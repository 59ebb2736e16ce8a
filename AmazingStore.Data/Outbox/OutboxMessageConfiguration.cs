using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Outbox;

public sealed class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> b)
    {
        b.ToTable("outbox_messages");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.Type).HasColumnName("type").HasMaxLength(50).IsRequired();
        b.Property(x => x.Payload).HasColumnName("payload").HasColumnType("jsonb").IsRequired();
        b.Property(x => x.Status).HasColumnName("status").HasMaxLength(20).IsRequired();
        b.Property(x => x.Attempts).HasColumnName("attempts");
        b.Property(x => x.NextAttemptAt).HasColumnName("next_attempt_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.Property(x => x.LockedUntil).HasColumnName("locked_until");
        b.Property(x => x.LastError).HasColumnName("last_error");
        b.Property(x => x.DedupeKey).HasColumnName("dedupe_key").HasMaxLength(200);
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.Property(x => x.ProcessedAt).HasColumnName("processed_at");
        b.HasIndex(x => x.DedupeKey).IsUnique().HasFilter("dedupe_key IS NOT NULL").HasDatabaseName("ux_outbox_dedupe_key");
    }
}
