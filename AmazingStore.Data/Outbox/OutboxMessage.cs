namespace AmazingStore.Data.Outbox;

/// <summary>A message to deliver after commit (owner notification, marketplace push). Status: pending, processing, done, failed. Table <c>outbox_messages</c>. Times are UTC.</summary>
public class OutboxMessage
{
    public long Id { get; set; }
    public string Type { get; set; } = "";
    public string Payload { get; set; } = "";
    public string Status { get; set; } = "pending";
    public int Attempts { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LockedUntil { get; set; }
    public string? LastError { get; set; }
    public string? DedupeKey { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? ProcessedAt { get; set; }
}
