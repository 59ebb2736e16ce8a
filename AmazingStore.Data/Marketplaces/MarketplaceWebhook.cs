namespace AmazingStore.Data.Marketplaces;

/// <summary>An incoming marketplace push, stored as received. Table <c>marketplace_webhooks</c>. Times are UTC.</summary>
public class MarketplaceWebhook
{
    public int Id { get; set; }
    public int MarketplaceId { get; set; }
    public string EventType { get; set; } = "";
    public string Payload { get; set; } = "";
    public string? Signature { get; set; }
    public string Status { get; set; } = "pending";
    public DateTime? ProcessedAt { get; set; }
    public string? ErrorMessage { get; set; }
    public int RetryCount { get; set; }
    /// <summary>A 'processing' row is its worker's until then; a 'pending' one is not tried before.</summary>
    public DateTime? ClaimedUntil { get; set; }
    /// <summary>Claims so far, an attempt whose worker died included.</summary>
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; set; }

    public Marketplace Marketplace { get; set; } = null!;
}
