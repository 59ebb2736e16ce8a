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
    /// "paid" | "needs_refund" | "expired" | "refunded"} (order_id null for a payment naming no order, with "payment_id").
    /// </summary>
    public const string OwnerPaymentNotification = "telegram.owner_payment";
    /// <summary>Stock changed: push available stock to the marketplaces. Payload: {"product_ids": [..]}.</summary>
    public const string MarketplaceStockPush = "marketplace.stock_push";
    /// <summary>Prices changed: push prices to the marketplaces. Payload: {"product_ids": [..]}.</summary>
    public const string MarketplacePricePush = "marketplace.price_push";
}
