namespace AmazingStore.Data.Orders;

/// <summary>An order from any channel. Status: pending, confirmed, shipped, delivered, cancelled, returned. Source: app, uzum, wildberries, ozon, manual. Table <c>orders</c>. Times are UTC.</summary>
public class Order
{
    public int Id { get; set; }
    public string OrderNumber { get; set; } = "";
    public int MarketplaceId { get; set; }
    public string Source { get; set; } = "app";
    public string? MarketplaceOrderId { get; set; }
    public int? UserId { get; set; }
    public string CustomerName { get; set; } = "";
    public string CustomerPhone { get; set; } = "";
    public string? CustomerAddress { get; set; }
    public string? DeliveryAddress { get; set; }
    public string? DeliveryNotes { get; set; }
    public decimal Subtotal { get; set; }
    public decimal DeliveryFee { get; set; }
    public decimal Total { get; set; }
    public string Status { get; set; } = "pending";
    public string PaymentStatus { get; set; } = "unpaid";
    public string? PaymentMethod { get; set; }
    public decimal? TotalCost { get; set; }
    public decimal? TotalProfit { get; set; }
    public DateTime? OrderDate { get; set; }
    public DateTime? DeliveryDate { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public DateTime? DeliveredAt { get; set; }
    public DateTime? CancelledAt { get; set; }
    /// <summary>The delivery zone (or pickup point) the app order was placed for; its fee is in <see cref="DeliveryFee"/>.</summary>
    public int? DeliveryZoneId { get; set; }
    /// <summary>The customer collects the order (at the pickup zone, when one is defined).</summary>
    public bool IsPickup { get; set; }
    public DateTime? ReturnedAt { get; set; }
    public bool NeedsAttention { get; set; }
    public string? AttentionReason { get; set; }
    public string? ExternalStatus { get; set; }
    /// <summary>The marketplace's own ids under this order (Wildberries: its task ids, one per unit).</summary>
    public string[]? MarketplaceRefs { get; set; }
    /// <summary>When an open marketplace order was last re-read.</summary>
    public DateTime? MarketplaceCheckedAt { get; set; }
    /// <summary>Written by PaymentWorkflow only, with <see cref="PaymentStatus"/>.</summary>
    public DateTime? PaidAt { get; set; }
    /// <summary>Money came that the order cannot keep (expired, cancelled, paid twice): the owner refunds it.</summary>
    public bool NeedsRefund { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public Marketplace Marketplace { get; set; } = null!;
    public User? User { get; set; }
    public List<OrderItem> Items { get; set; } = [];
}
