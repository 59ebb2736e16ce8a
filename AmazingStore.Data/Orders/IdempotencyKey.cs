namespace AmazingStore.Data.Orders;

/// <summary>A checkout idempotency key: a retried checkout with the same key returns the first order. Table <c>idempotency_keys</c>. Times are UTC.</summary>
public class IdempotencyKey
{
    public int UserId { get; set; }
    public string Key { get; set; } = "";
    public int? OrderId { get; set; }
    public DateTime CreatedAt { get; set; }

    public User User { get; set; } = null!;
    public Order? Order { get; set; }
}
