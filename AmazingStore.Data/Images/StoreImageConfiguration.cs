using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Images;

public sealed class StoreImageConfiguration : IEntityTypeConfiguration<StoreImage>
{
    public void Configure(EntityTypeBuilder<StoreImage> b)
    {
        b.ToTable("store_images");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id").ValueGeneratedNever();
        b.Property(x => x.ContentType).HasColumnName("content_type").HasMaxLength(20);
        b.Property(x => x.Extension).HasColumnName("extension").HasMaxLength(5);
        b.Property(x => x.Bytes).HasColumnName("bytes");
        b.Property(x => x.Sha256).HasColumnName("sha256").HasMaxLength(64);
        b.Property(x => x.UploadedBy).HasColumnName("uploaded_by");
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
    }
}
