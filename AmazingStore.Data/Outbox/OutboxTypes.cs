namespace AmazingStore.Data.Outbox;

/// <summary>The kinds of outbox rows; each has exactly one handler in the host.</summary>
public static class OutboxTypes
{
    /// <summary>Tell the owner in Telegram about a new order from any channel. Payload: {"order_id": n}.</summary>
    public const string OwnerOrderNotification = "telegram.owner_order";
    /// <summary>Tell a customer their order moved. Payload: {"order_id": n, "status": "..."}.</summary>
    public const string CustomerStatusNotification = "telegram.customer_status";
    /// <summary>Stock changed: push available stock to the marketplaces. Payload: {"product_ids": [..]}.</summary>
    public const string MarketplaceStockPush = "marketplace.stock_push";
    /// <summary>Prices changed: push prices to the marketplaces. Payload: {"product_ids": [..]}.</summary>
    public const string MarketplacePricePush = "marketplace.price_push";
}
