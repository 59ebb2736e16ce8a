using System.Text.Json;
using AmazingStore.Bot.Api;
using AmazingStore.Bot.Commands;
using AmazingStore.Bot.Payments;
using AmazingStore.Data;
using AmazingStore.Data.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Bot.Notifications;

/// <summary>Tells a customer (in users.language) that their payment arrived, came too late, or was refunded.</summary>
public sealed class CustomerPaymentNotificationHandler(IServiceScopeFactory scopes, BotMessenger messenger, OutboxSendProgress sendProgress)
    : IOutboxHandler
{
    public string Type => OutboxTypes.CustomerPaymentNotification;

    public async Task HandleAsync(OutboxItem item, CancellationToken ct)
    {
        var orderId = OwnerOrderNotificationHandler.PayloadOrderId(item.Payload);
        var @event = OwnerPaymentNotificationHandler.PayloadEvent(item.Payload);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        var target = await db.Orders.AsNoTracking().Where(o => o.Id == orderId)
            .Select(o => new { o.OrderNumber, TelegramId = o.User == null ? (long?)null : o.User.TelegramId, Language = o.User == null ? null : o.User.Language })
            .FirstOrDefaultAsync(ct)
            ?? throw new OutboxPermanentFailureException($"order {orderId} does not exist");
        if (target.TelegramId is not { } chatId || chatId <= 0) return;
        var text = PaymentTexts.Customer(BotTexts.Language(target.Language), target.OrderNumber, @event);
        if (text is null) return;
        var progress = await sendProgress.LoadAsync(item, text, ct);
        await BotDelivery.RunAsync(() => messenger.SendAsync(chatId, text, null, ct, progress));
    }
}
