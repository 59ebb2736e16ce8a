using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Data.Payments;

/// <summary>
/// Where the owner's message about each order is (owner_order_messages), so that a payment, an expiry or a
/// refund updates that message in place instead of leaving it showing buttons that no longer apply.
/// </summary>
public static class OwnerOrderMessages
{
    public static Task RememberAsync(StoreDb db, int orderId, long chatId, int messageId, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO owner_order_messages (order_id, chat_id, message_id) VALUES ({orderId}, {chatId}, {messageId})
            ON CONFLICT (order_id) DO UPDATE SET chat_id = EXCLUDED.chat_id, message_id = EXCLUDED.message_id
            """, ct);

    public static async Task<(long ChatId, int MessageId)?> FindAsync(StoreDb db, int orderId, CancellationToken ct)
    {
        var rows = await db.Database.SqlQuery<OwnerMessageRow>($"""
            SELECT chat_id AS "ChatId", message_id AS "MessageId" FROM owner_order_messages WHERE order_id = {orderId}
            """).ToListAsync(ct);
        return rows.Count == 0 ? null : (rows[0].ChatId, rows[0].MessageId);
    }

    private sealed class OwnerMessageRow
    {
        public long ChatId { get; set; }
        public int MessageId { get; set; }
    }
}
