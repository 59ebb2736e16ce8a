namespace AmazingStore.Data.Marketplaces;

/// <summary>A sales channel: our own store (slug amazing-store, integration type own) or a marketplace (uzum, wildberries, ozon). Table <c>marketplaces</c>. Times are UTC.</summary>
public class Marketplace
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string Slug { get; set; } = "";
    public string IntegrationType { get; set; } = "api";
    public string? ApiType { get; set; }
    public string? ApiBaseUrl { get; set; }
    public string? ApiKeyEncrypted { get; set; }
    public string? ApiSecretEncrypted { get; set; }
    public string? AccessToken { get; set; }
    public string? RefreshToken { get; set; }
    public DateTime? TokenExpiresAt { get; set; }
    public string? MarketplaceCode { get; set; }
    public string? WebhookUrl { get; set; }
    public string? WebhookSecret { get; set; }
    public bool SupportsWebhooks { get; set; }
    public bool WebhookEnabled { get; set; }
    public bool SupportsStockSync { get; set; } = true;
    public bool SupportsOrderSync { get; set; } = true;
    public bool SupportsPriceSync { get; set; }
    public bool IsActive { get; set; } = true;
    public bool AutoSyncEnabled { get; set; } = true;
    public int SyncIntervalMinutes { get; set; } = 60;
    public decimal? DefaultCommissionRate { get; set; }
    public DateTime? LastSyncAt { get; set; }
    public string Settings { get; set; } = "{}";
    public string? CredentialsEncrypted { get; set; }
    public int SafetyBuffer { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<MarketplaceProduct> Products { get; set; } = [];
}
