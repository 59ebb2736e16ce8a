using System.Text.Json;
using AmazingStore.Bot.Api;
using AmazingStore.Bot.Commands;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data;
using AmazingStore.Data.Outbox;
using AmazingStore.Data.Payments;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AmazingStore.Bot.Notifications;

/// <summary>
/// Tells the owner that an order was cancelled (or returned) by the customer, by expiry or by its marketplace
/// — the ones the shop did not make itself — with the order as it stands now (and its remaining buttons).
/// Queued by OrderWorkflow.TransitionAsync (cancelledBy) or OrderNotices.OwnerCancelled in the same
/// transaction as the cancellation. The owner's first message about the order (OwnerOrderMessages) is then
/// brought up to date in place, best effort, so its old buttons do not linger.
/// </summary>
public sealed class OwnerOrderCancelledHandler(
    IServiceScopeFactory scopes, BotMessenger messenger, OutboxSendProgress sendProgress, IOptions<TelegramOptions> options,
    ILogger<OwnerOrderCancelledHandler> log) : IOutboxHandler
{
    public string Type => OutboxTypes.OwnerOrderCancelled;

    public async Task HandleAsync(OutboxItem item, CancellationToken ct)
    {
        var ownerChatId = OwnerChat.Require(options.Value);
        var orderId = OwnerOrderNotificationHandler.PayloadOrderId(item.Payload);
        string by, status;
        using (var doc = JsonDocument.Parse(item.Payload))
        {
            by = doc.RootElement.TryGetProperty("by", out var b) && b.ValueKind == JsonValueKind.String ? b.GetString()! : "";
            status = doc.RootElement.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "cancelled";
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        var order = await OrderView.LoadAsync(db, orderId, ct)
            ?? throw new OutboxPermanentFailureException($"order {orderId} does not exist");
        var lang = await OwnerChat.LanguageAsync(db, ownerChatId, ct);
        await OwnerChat.SendOrderAsync(messenger, sendProgress, item, ownerChatId, order, lang, CustomerTexts.OwnerCancelledHeadline(status, by, lang), ct);

        await OwnerChat.RefreshOrderMessageAsync(db, messenger, order, lang, log, ct);
    }
}
