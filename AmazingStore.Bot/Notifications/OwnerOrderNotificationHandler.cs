using System.Text.Json;
using AmazingStore.Bot.Api;
using AmazingStore.Bot.Commands;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data;
using AmazingStore.Data.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AmazingStore.Bot.Notifications;

/// <summary>
/// Tells the owner about a new order (from any channel) with confirm/cancel buttons.
/// Delivery is at-least-once per outbox row. Each part Telegram accepts is recorded
/// (<see cref="OutboxSendProgress"/>), so a retry sends only what is missing. The residual window:
/// if the instance dies (or the database is unreachable) between Telegram accepting a part and that
/// record, the row is claimed again after Outbox:LockTimeout and the owner gets that part twice.
/// Telegram has no idempotency key for sendMessage, so this cannot be closed from our side.
/// </summary>
public sealed class OwnerOrderNotificationHandler(
    IServiceScopeFactory scopes, BotMessenger messenger, OutboxSendProgress sendProgress, IOptions<TelegramOptions> options,
    OwnerBurstSummary burst) : IOutboxHandler
{
    public string Type => OutboxTypes.OwnerOrderNotification;

    public async Task HandleAsync(OutboxItem item, CancellationToken ct)
    {
        var ownerChatId = OwnerChat.Require(options.Value);
        var orderId = PayloadOrderId(item.Payload);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        var order = await OrderView.LoadAsync(db, orderId, ct)
            ?? throw new OutboxPermanentFailureException($"order {orderId} does not exist");
        var lang = await OwnerChat.LanguageAsync(db, ownerChatId, ct);
        // Under a burst, one summary instead of a queue of messages (OwnerBurstSummary).
        if (await burst.TrySendAsync(item, orderId, ownerChatId, lang, ct)) return;
        var sent = await OwnerChat.SendOrderAsync(messenger, sendProgress, item, ownerChatId, order, lang, OrderView.NewOrderHeadline(order, lang), ct);
        // Payment events edit this message later (OwnerPaymentNotificationHandler).
        if (sent is not null) await Data.Payments.OwnerOrderMessages.RememberAsync(db, orderId, sent.Chat.Id, sent.Id, ct);
    }

    internal static int PayloadOrderId(string payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            return doc.RootElement.GetProperty("order_id").GetInt32();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new OutboxPermanentFailureException($"malformed payload: {e.Message}");
        }
    }
}
