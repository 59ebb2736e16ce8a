using System.Text.Json;
using AmazingStore.Data.Outbox;
using Npgsql;

namespace AmazingStore.Data.Orders;

/// <summary>
/// The order messages that are not status changes, as outbox statements for the caller's own transaction
/// (they commit with the change they announce, and the dispatcher retries them until Telegram takes them).
/// OrderWorkflow.TransitionAsync adds the owner's cancellation notice itself when given who cancelled; a
/// path that cancels in its own SQL adds <see cref="OwnerCancelled"/> to its batch (or <see cref="EnqueueOwnerCancelledAsync"/>).
/// </summary>
public static class OrderNotices
{
    /// <summary>Who cancelled an order, for the owner's message (the shop's own cancellations need no message).</summary>
    public static class CancelledBy
    {
        public const string Customer = "customer";
        public const string Expiry = "expiry";
        public const string Marketplace = "marketplace";
    }

    /// <summary>"Order received" for the customer of an app checkout; once per order.</summary>
    public static NpgsqlBatchCommand CustomerReceived(int orderId) =>
        OutboxWriter.Command(OutboxTypes.CustomerOrderReceived, JsonSerializer.Serialize(new { order_id = orderId }), $"customer_received:{orderId}");

    /// <summary>The owner's "order cancelled/returned by …"; once per order and status.</summary>
    public static NpgsqlBatchCommand OwnerCancelled(int orderId, string by, string status = OrderStatuses.Cancelled) =>
        OutboxWriter.Command(OutboxTypes.OwnerOrderCancelled, Payload(orderId, by, status), $"owner_cancelled:{orderId}:{status}");

    public static Task EnqueueOwnerCancelledAsync(StoreDb db, int orderId, string by, CancellationToken ct, string status = OrderStatuses.Cancelled) =>
        OutboxWriter.EnqueueAsync(db, OutboxTypes.OwnerOrderCancelled, Payload(orderId, by, status), $"owner_cancelled:{orderId}:{status}", ct);

    /// <summary>The owner's one reminder of a confirmed card/Stars order still unpaid (OrderExpiry.RemindUnpaidConfirmedAsync).</summary>
    public static Task EnqueueOwnerUnpaidAsync(StoreDb db, int orderId, CancellationToken ct) =>
        OutboxWriter.EnqueueAsync(db, OutboxTypes.OwnerUnpaidReminder, JsonSerializer.Serialize(new { order_id = orderId }), $"owner_unpaid:{orderId}", ct);

    private static string Payload(int orderId, string by, string status) =>
        JsonSerializer.Serialize(new { order_id = orderId, by, status });
}
