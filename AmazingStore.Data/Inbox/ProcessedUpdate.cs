namespace AmazingStore.Data.Inbox;

/// <summary>A Telegram update, recorded by update_id so that each takes effect once. Table <c>processed_updates</c>. Times are UTC.</summary>
public class ProcessedUpdate
{
    public long UpdateId { get; set; }
    public string Payload { get; set; } = "";
    public string Status { get; set; } = "pending";
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTime ReceivedAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
}
