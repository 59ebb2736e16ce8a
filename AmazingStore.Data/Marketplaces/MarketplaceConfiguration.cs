using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AmazingStore.Data.Marketplaces;

public sealed class MarketplaceConfiguration : IEntityTypeConfiguration<Marketplace>
{
    public void Configure(EntityTypeBuilder<Marketplace> b)
    {
        b.ToTable("marketplaces");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasColumnName("id");
        b.Property(x => x.Name).HasColumnName("name").HasMaxLength(100).IsRequired();
        b.Property(x => x.Slug).HasColumnName("slug").HasMaxLength(50).IsRequired();
        b.Property(x => x.IntegrationType).HasColumnName("integration_type").HasMaxLength(20).IsRequired();
        b.Property(x => x.ApiType).HasColumnName("api_type").HasMaxLength(50);
        b.Property(x => x.ApiBaseUrl).HasColumnName("api_base_url");
        b.Property(x => x.ApiKeyEncrypted).HasColumnName("api_key_encrypted");
        b.Property(x => x.ApiSecretEncrypted).HasColumnName("api_secret_encrypted");
        b.Property(x => x.AccessToken).HasColumnName("access_token");
        b.Property(x => x.RefreshToken).HasColumnName("refresh_token");
        b.Property(x => x.TokenExpiresAt).HasColumnName("token_expires_at");
        b.Property(x => x.MarketplaceCode).HasColumnName("marketplace_code").HasMaxLength(50);
        b.Property(x => x.WebhookUrl).HasColumnName("webhook_url");
        b.Property(x => x.WebhookSecret).HasColumnName("webhook_secret");
        b.Property(x => x.SupportsWebhooks).HasColumnName("supports_webhooks");
        b.Property(x => x.WebhookEnabled).HasColumnName("webhook_enabled");
        b.Property(x => x.SupportsStockSync).HasColumnName("supports_stock_sync");
        b.Property(x => x.SupportsOrderSync).HasColumnName("supports_order_sync");
        b.Property(x => x.SupportsPriceSync).HasColumnName("supports_price_sync");
        b.Property(x => x.IsActive).HasColumnName("is_active");
        b.Property(x => x.AutoSyncEnabled).HasColumnName("auto_sync_enabled");
        b.Property(x => x.SyncIntervalMinutes).HasColumnName("sync_interval_minutes");
        b.Property(x => x.DefaultCommissionRate).HasColumnName("default_commission_rate").HasPrecision(5, 2);
        b.Property(x => x.LastSyncAt).HasColumnName("last_sync_at");
        b.Property(x => x.Settings).HasColumnName("settings").HasColumnType("jsonb").IsRequired();
        b.Property(x => x.CredentialsEncrypted).HasColumnName("credentials_encrypted");
        b.Property(x => x.SafetyBuffer).HasColumnName("safety_buffer");
        b.Property(x => x.CreatedAt).HasColumnName("created_at").HasDefaultValueSql("now()").ValueGeneratedOnAdd();
        b.Property(x => x.UpdatedAt).HasColumnName("updated_at").HasDefaultValueSql("now()").ValueGeneratedOnAddOrUpdate();
        b.HasIndex(x => x.Slug).IsUnique().HasDatabaseName("idx_marketplaces_slug");
    }
}
