namespace AmazingStore.Data.Marketplaces;

/// <summary>One marketplace sync run. Status: success, failed or partial. Table <c>sync_logs</c>. Times are UTC.</summary>
public class SyncLog
{
    public int Id { get; set; }
    public int MarketplaceId { get; set; }
    public string SyncType { get; set; } = "";
    public string? Direction { get; set; }
    public string? TriggerType { get; set; }
    public string Status { get; set; } = "";
    public int ItemsProcessed { get; set; }
    public int ItemsFailed { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTime StartedAt { get; set; }
    /// <summary>For a scheduled run, the time its trigger fired for (the run may start later).</summary>
    public DateTime? ScheduledFor { get; set; }
    public DateTime? CompletedAt { get; set; }
    public int? DurationMs { get; set; }

    public Marketplace Marketplace { get; set; } = null!;
}
