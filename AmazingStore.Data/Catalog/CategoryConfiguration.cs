using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Catalog;

public sealed class CategoryConfiguration : IEntityTypeConfiguration<Category>
{
    public void Configure(EntityTypeBuilder<Category> b)
    {
        b.ToTable("categories");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.NameUz).HasColumnName("name_uz").HasMaxLength(255).IsRequired();
        b.Property(x => x.NameRu).HasColumnName("name_ru").HasMaxLength(255);
        b.Property(x => x.ParentId).HasColumnName("parent_id");
        b.Property(x => x.Icon).HasColumnName("icon").HasMaxLength(50);
        b.Property(x => x.Color).HasColumnName("color").HasMaxLength(20);
        b.Property(x => x.ImageUrl).HasColumnName("image_url");
        b.Property(x => x.SortOrder).HasColumnName("sort_order");
        b.Property(x => x.IsActive).HasColumnName("is_active");
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()").ValueGeneratedOnAddOrUpdate();
        b.HasOne(x => x.Parent).WithMany(x => x.Children).HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Cascade);
    }
}
