using AmazingStore.Bot.Api;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data.Outbox;
using Microsoft.Extensions.Options;
using Npgsql;
using Telegram.Bot.Types.ReplyMarkups;
using static AmazingStore.Bot.Commands.BotTexts;

namespace AmazingStore.Bot.Notifications;

/// <summary>
/// Telegram takes about one message a second per chat: a burst of a hundred orders would reach the owner as a queue
/// minutes long. When more than Telegram:OwnerBurstThreshold (and Telegram:PerChatBurst) new-order messages wait in the outbox, the next one
/// sent is a single summary (count, total, a button to the orders list, where each order has its own buttons)
/// and the rows it covers are settled as done. The summary is sent first and the rows settled after, so a failure
/// between the two repeats orders one by one rather than losing any.
/// </summary>
public sealed class OwnerBurstSummary(NpgsqlDataSource dataSource, BotMessenger messenger, OutboxSendProgress sendProgress, IOptions<TelegramOptions> options)
{
    /// <summary>How many waiting rows one summary covers at most (the rest make the next one).</summary>
    private const int MaxCovered = 1000;

    /// <returns>True when a summary was sent for <paramref name="item"/> and the rows waiting with it.</returns>
    public async Task<bool> TrySendAsync(OutboxItem item, int orderId, long ownerChatId, string lang, CancellationToken ct)
    {
        var o = options.Value;
        if (o.OwnerBurstThreshold <= 0) return false;
        // Messages within the per-chat burst allowance (BotRateLimiter) go out at once: no queue forms below it.
        var threshold = Math.Max(o.OwnerBurstThreshold, o.PerChatBurst);
        var waiting = new List<(long Id, int OrderId)>();
        await using (var cmd = dataSource.CreateCommand("""
            SELECT id, (payload->>'order_id')::int FROM outbox_messages
             WHERE type = $1 AND status IN ('pending', 'processing') AND id <> $2 AND payload->>'order_id' ~ '^[0-9]{1,9}$'
             ORDER BY id LIMIT $3
            """))
        {
            cmd.Parameters.AddWithValue(OutboxTypes.OwnerOrderNotification);
            cmd.Parameters.AddWithValue(item.Id);
            cmd.Parameters.AddWithValue(MaxCovered);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) waiting.Add((r.GetInt64(0), r.GetInt32(1)));
        }
        if (waiting.Count + 1 <= threshold) return false;

        var orderIds = waiting.Select(w => w.OrderId).Append(orderId).Distinct().ToArray();
        int count; decimal total;
        await using (var cmd = dataSource.CreateCommand("SELECT count(*)::int, COALESCE(sum(total), 0) FROM orders WHERE id = ANY($1)"))
        {
            cmd.Parameters.AddWithValue(orderIds);
            await using var r = await cmd.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            (count, total) = (r.GetInt32(0), r.GetDecimal(1));
        }
        var text = Pick(lang,
            uz: $"🛒 <b>{count} ta yangi buyurtma</b>, jami <b>{Html.Money(total)} so'm</b>.\nHar biri uchun tugmalar — ro'yxatda.",
            ru: $"🛒 <b>Новых заказов: {count}</b>, на сумму <b>{Html.Money(total)} сум</b>.\nКнопки для каждого заказа — в списке.");
        var buttons = new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData(
            Pick(lang, uz: "📋 Buyurtmalar ro'yxati", ru: "📋 Список заказов"), CallbackData.OrdersPage(null, 1))]]);
        var progress = await sendProgress.LoadAsync(item, text, ct);
        await BotDelivery.RunAsync(() => messenger.SendAsync(ownerChatId, text, buttons, ct, progress));

        // The dispatcher's later deliveries of these rows (claimed in the same batch) find them no longer
        // 'processing' under their attempt and leave them alone.
        await using (var settle = dataSource.CreateCommand("""
            UPDATE outbox_messages SET status = 'done', locked_until = NULL, processed_at = now(), last_error = 'summarized in #' || $2
             WHERE id = ANY($1) AND status IN ('pending', 'processing')
            """))
        {
            settle.Parameters.AddWithValue(waiting.Select(w => w.Id).ToArray());
            settle.Parameters.AddWithValue(item.Id);
            await settle.ExecuteNonQueryAsync(CancellationToken.None);
        }
        return true;
    }
}
