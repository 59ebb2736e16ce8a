using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Inbox;

public sealed class BotStateConfiguration : IEntityTypeConfiguration<BotState>
{
    public void Configure(EntityTypeBuilder<BotState> b)
    {
        b.ToTable("bot_state");
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasColumnName("key").HasMaxLength(100).ValueGeneratedNever();
        b.Property(x => x.Value).HasColumnName("value").IsRequired();
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()").ValueGeneratedOnAddOrUpdate();
    }
}
