namespace AmazingStore.Data.Outbox;

/// <summary>The kinds of outbox rows; each has exactly one handler in the host.</summary>
public static class OutboxTypes
{
    /// <summary>Tell the owner in Telegram about a new order from any channel. Payload: {"order_id": n}.</summary>
    public const string OwnerOrderNotification = "telegram.owner_order";
    /// <summary>Tell a customer their order moved. Payload: {"order_id": n, "status": "..."}.</summary>
    public const string CustomerStatusNotification = "telegram.customer_status";
    /// <summary>Tell a customer about a payment event. Payload: {"order_id": n, "event": "paid" | "late" | "refunded"}.</summary>
    public const string CustomerPaymentNotification = "telegram.customer_payment";
    /// <summary>
    /// Tell the owner about a payment event and update their order message. Payload: {"order_id": n, "event":
    /// "paid" | "needs_refund" | "refunded"} (order_id null for a payment naming no order, with "payment_id").
    /// </summary>
    public const string OwnerPaymentNotification = "telegram.owner_payment";
    /// <summary>Tell a customer their app order was received (number, items, total, how to pay). Payload: {"order_id": n}.</summary>
    public const string CustomerOrderReceived = "telegram.customer_order_received";
    /// <summary>Tell the owner an order was cancelled (or returned) by someone other than the shop. Payload: {"order_id": n, "by": "customer" | "expiry" | "marketplace"}.</summary>
    public const string OwnerOrderCancelled = "telegram.owner_cancelled";
    /// <summary>Stock changed: push available stock to the marketplaces. Payload: {"product_ids": [..]}.</summary>
    public const string MarketplaceStockPush = "marketplace.stock_push";
    /// <summary>Prices changed: push prices to the marketplaces. Payload: {"product_ids": [..]}.</summary>
    public const string MarketplacePricePush = "marketplace.price_push";
    /// <summary>Tell the owner a product's available stock fell below its minimum (trigger, migration 0070). Payload: {"product_id", "available", "min_stock"}.</summary>
    public const string LowStockAlert = "telegram.low_stock";
    /// <summary>
    /// Remind the owner, once, of a card/Stars order an admin confirmed that is still unpaid after
    /// Payments:UnpaidTimeoutMinutes (the expiry leaves confirmed orders alone). Payload: {"order_id": n}.
    /// </summary>
    public const string OwnerUnpaidReminder = "telegram.owner_unpaid";
    /// <summary>The owner's daily sales digest for one Tashkent date (dedupe key owner_digest:{date}). Payload: {"date": "YYYY-MM-DD"}.</summary>
    public const string OwnerDigest = "telegram.owner_digest";
}
