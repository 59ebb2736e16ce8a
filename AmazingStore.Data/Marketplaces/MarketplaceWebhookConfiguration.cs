using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Marketplaces;

public sealed class MarketplaceWebhookConfiguration : IEntityTypeConfiguration<MarketplaceWebhook>
{
    public void Configure(EntityTypeBuilder<MarketplaceWebhook> b)
    {
        b.ToTable("marketplace_webhooks");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.MarketplaceId).HasColumnName("marketplace_id");
        b.Property(x => x.EventType).HasColumnName("event_type").HasMaxLength(50).IsRequired();
        b.Property(x => x.Payload).HasColumnName("payload").HasColumnType("jsonb").IsRequired();
        b.Property(x => x.Signature).HasColumnName("signature").HasMaxLength(500);
        b.Property(x => x.Status).HasColumnName("status").HasMaxLength(20).IsRequired();
        b.Property(x => x.ProcessedAt).HasColumnName("processed_at");
        b.Property(x => x.ErrorMessage).HasColumnName("error_message");
        b.Property(x => x.RetryCount).HasColumnName("retry_count");
        b.Property(x => x.ClaimedUntil).HasColumnName("claimed_until");
        b.Property(x => x.Attempts).HasColumnName("attempts");
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.HasOne(x => x.Marketplace).WithMany().HasForeignKey(x => x.MarketplaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
