namespace AmazingStore.Data.Orders;

/// <summary>
/// One line of a new order. UnitPrice null = the product's current price (sale price when set).
/// ProductId null = a marketplace line we cannot map: kept with its external SKU/name, the order flagged.
/// </summary>
public sealed record NewOrderLine(int? ProductId, int Quantity, decimal? UnitPrice = null, string? ExternalSku = null, string? ExternalName = null);

/// <summary>
/// An order from any channel. Source: app, uzum, wildberries, ozon, manual; ChannelSlug = marketplaces.slug
/// ("amazing-store" for the app). KeepWhenShort (marketplace import): a short order is still recorded,
/// flagged needs_attention, with nothing reserved for the short lines. Delivery (app checkout): the zone and the
/// rule of its fee, applied to the subtotal the workflow computes; it replaces DeliveryFee. Limits: the caps for an
/// order with a UserId (null = the defaults).
/// </summary>
public sealed record NewOrder(
    string Source,
    string ChannelSlug,
    IReadOnlyList<NewOrderLine> Lines,
    string CustomerName,
    string CustomerPhone,
    int? UserId = null,
    string? MarketplaceOrderId = null,
    string? DeliveryAddress = null,
    string? DeliveryNotes = null,
    string? PaymentMethod = null,
    decimal DeliveryFee = 0,
    bool KeepWhenShort = false,
    string? ExternalStatus = null,
    Delivery.DeliveryCharge? Delivery = null,
    OrderLimits? Limits = null);

public abstract record PlaceResult
{
    private PlaceResult() { }

    /// <summary>The order was recorded (and its stock reserved).</summary>
    public sealed record Placed(Order Order) : PlaceResult;

    /// <summary>The same channel + MarketplaceOrderId was recorded before: nothing new was written.</summary>
    public sealed record AlreadyExists(Order Order) : PlaceResult;

    /// <summary>Some lines are short; nothing was written.</summary>
    public sealed record OutOfStock(IReadOnlyList<Inventory.ShortLine> Lines) : PlaceResult;

    /// <summary>A customer's order over one of <see cref="OrderLimits"/> (Limit names which); nothing was written.</summary>
    public sealed record OverLimit(string Limit, int Max) : PlaceResult;
}

/// <summary>Error: "not_found" | "invalid_transition" | "stale".</summary>
public sealed record TransitionResult(bool Ok, Order? Order, string? Error);

public static class OrderStatuses
{
    public const string Pending = "pending";
    public const string Confirmed = "confirmed";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";
    /// <summary>After delivery, the goods came back (OrderStateMachine.AfterSale).</summary>
    public const string Returned = "returned";

    /// <summary>The fulfilment flow's statuses, in rank order (what marketplaces map to).</summary>
    public static readonly IReadOnlyList<string> All = [Pending, Confirmed, Shipped, Delivered, Cancelled];

    /// <summary>Every status an order can have: the flow's and the after-sale one.</summary>
    public static readonly IReadOnlyList<string> Known = [.. All, Returned];
}

public static class PaymentStatuses
{
    public const string Unpaid = "unpaid";
    public const string Paid = "paid";
    public const string Refunded = "refunded";
}

/// <summary>orders.payment_method: anything else (older rows, null) counts as cash.</summary>
public static class PaymentMethods
{
    public const string Cash = "cash";
    public const string Card = "card";
    public const string Stars = "stars";

    public static readonly IReadOnlyList<string> All = [Cash, Card, Stars];

    /// <summary>Paid online through a Telegram invoice before the order is fulfilled.</summary>
    public static bool IsOnline(string? method) => method is Card or Stars;
}

public static class OrderSources
{
    public const string App = "app";
    public const string Uzum = "uzum";
    public const string Wildberries = "wildberries";
    public const string Ozon = "ozon";
    public const string Manual = "manual";

    /// <summary>Order number prefix per source: AS-YYMMDD-NNNN for the app.</summary>
    public static string Prefix(string source) => source switch
    {
        App => "AS",
        Uzum => "UZ",
        Wildberries => "WB",
        Ozon => "OZ",
        Manual => "MN",
        _ => throw new ArgumentException($"Unknown order source '{source}'.", nameof(source)),
    };
}
