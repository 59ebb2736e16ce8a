using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Catalog;

public sealed class BannerConfiguration : IEntityTypeConfiguration<Banner>
{
    public void Configure(EntityTypeBuilder<Banner> b)
    {
        b.ToTable("banners");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.TitleUz).HasColumnName("title_uz").HasMaxLength(255);
        b.Property(x => x.TitleRu).HasColumnName("title_ru").HasMaxLength(255);
        b.Property(x => x.ImageUrl).HasColumnName("image_url").IsRequired();
        b.Property(x => x.LinkType).HasColumnName("link_type").HasMaxLength(20);
        b.Property(x => x.LinkId).HasColumnName("link_id");
        b.Property(x => x.LinkUrl).HasColumnName("link_url");
        b.Property(x => x.SortOrder).HasColumnName("sort_order");
        b.Property(x => x.IsActive).HasColumnName("is_active");
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()").ValueGeneratedOnAddOrUpdate();
    }
}
