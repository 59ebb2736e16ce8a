using AmazingStore.Bot.Api;
using AmazingStore.Bot.Payments;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Data.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AmazingStore.Bot.Notifications;

/// <summary>
/// Reminds the owner of a card/Stars order they confirmed that is still unpaid after the unpaid timeout
/// (queued once by OrderExpiry.RemindUnpaidConfirmedAsync): the order as it stands, with its buttons — cancel
/// among them, which releases the stock through the workflow. Paid or moved on meanwhile: nothing to remind of.
/// </summary>
public sealed class OwnerUnpaidReminderHandler(
    IServiceScopeFactory scopes, BotMessenger messenger, OutboxSendProgress sendProgress, IOptions<TelegramOptions> options) : IOutboxHandler
{
    public string Type => OutboxTypes.OwnerUnpaidReminder;

    public async Task HandleAsync(OutboxItem item, CancellationToken ct)
    {
        var ownerChatId = OwnerChat.Require(options.Value);
        var orderId = OwnerOrderNotificationHandler.PayloadOrderId(item.Payload);

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        var order = await OrderView.LoadAsync(db, orderId, ct)
            ?? throw new OutboxPermanentFailureException($"order {orderId} does not exist");
        if (order.Status != OrderStatuses.Confirmed || order.PaymentStatus != PaymentStatuses.Unpaid) return;
        var lang = await OwnerChat.LanguageAsync(db, ownerChatId, ct);
        await OwnerChat.SendOrderAsync(messenger, sendProgress, item, ownerChatId, order, lang, PaymentTexts.UnpaidReminderHeadline(lang), ct);
    }
}
