using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Marketplaces;

public sealed class MarketplacePriceRuleConfiguration : IEntityTypeConfiguration<MarketplacePriceRule>
{
    public void Configure(EntityTypeBuilder<MarketplacePriceRule> b)
    {
        b.ToTable("marketplace_price_rules");
        b.HasKey(x => x.MarketplaceId);
        b.Property(x => x.MarketplaceId).HasColumnName("marketplace_id").ValueGeneratedNever();
        b.Property(x => x.MarkupPercent).HasColumnName("markup_percent").HasPrecision(6, 2);
        b.Property(x => x.RoundTo).HasColumnName("round_to").HasPrecision(10, 2);
        b.Property(x => x.MinMarginPercent).HasColumnName("min_margin_percent").HasPrecision(6, 2);
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()");
        b.HasOne<Marketplace>().WithOne().HasForeignKey<MarketplacePriceRule>(x => x.MarketplaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
