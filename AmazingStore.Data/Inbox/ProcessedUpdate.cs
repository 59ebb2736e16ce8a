namespace AmazingStore.Data.Inbox;

/// <summary>A Telegram update, recorded by update_id so that each takes effect once. Status: pending, processing, done, failed. Table <c>processed_updates</c>. Times are UTC.</summary>
public class ProcessedUpdate
{
    public long UpdateId { get; set; }
    public string Payload { get; set; } = "";
    public string Status { get; set; } = "pending";
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTime ReceivedAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
    /// <summary>While processing: claimed until then. While pending: not before then.</summary>
    public DateTime? LockedUntil { get; set; }
}
