using AmazingStore.Data.Orders;
using AmazingStore.Web.Delivery;

namespace AmazingStore.Web.Orders;

/// <summary>A delivery fee or total in the body is not read: the server computes both (DeliveryZones, OrderWorkflow).</summary>
public sealed record PlaceOrderRequest(string? CustomerName, string? CustomerPhone, string? DeliveryAddress,
    string? DeliveryNotes, string? PaymentMethod, int? DeliveryZoneId = null, bool? Pickup = null, string? DeliveryDate = null);

public sealed record OrderItemReply(int? ProductId, string ProductName, string ProductSku, decimal Price, int Quantity, decimal Subtotal);

/// <summary>
/// The order as API.md describes it; admins also see the channel details and the attention flag.
/// <c>can_cancel</c> comes from the order state machine, so the Mini App shows its cancel button from here.
/// </summary>
public sealed record OrderReply(int Id, string OrderNumber, string Source, string Status, string PaymentStatus,
    string? PaymentMethod, string CustomerName, string CustomerPhone, string? DeliveryAddress, string? DeliveryNotes,
    decimal Subtotal, decimal DeliveryFee, decimal Total, DateTime CreatedAt, IReadOnlyList<OrderItemReply> Items, bool CanCancel,
    int? DeliveryZoneId = null, bool Pickup = false, string? DeliveryDate = null)
{
    public static OrderReply From(Order o) => new(o.Id, o.OrderNumber, o.Source, o.Status, o.PaymentStatus, o.PaymentMethod,
        o.CustomerName, o.CustomerPhone, o.DeliveryAddress, o.DeliveryNotes, o.Subtotal, o.DeliveryFee, o.Total, o.CreatedAt,
        o.Items.OrderBy(i => i.Id).Select(i => new OrderItemReply(i.ProductId, i.ProductName, i.ProductSku, i.Price, i.Quantity, i.Subtotal)).ToList(),
        OrderStateMachine.CanMove(o.Status, OrderStatuses.Cancelled),
        o.DeliveryZoneId, o.IsPickup, DeliveryDates.Format(o.DeliveryDate))
    { PaidAt = o.PaidAt, NeedsRefund = o.NeedsRefund };

    // Payments (API.md "Payments, delivery, returns"): kept out of the positional list so that other additions merge.
    public DateTime? PaidAt { get; init; }
    public bool NeedsRefund { get; init; }
    /// <summary>The checkout's 201 reply of a card/Stars order: the URL createInvoiceLink returned.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? InvoiceLink { get; init; }
    /// <summary>Instead of <see cref="InvoiceLink"/> when Telegram gave none: "invoice_unavailable" (ask POST /api/orders/{id}/invoice).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? InvoiceError { get; init; }
}

public sealed record ShortLineReply(int ProductId, string Name, int Requested, int Available);
