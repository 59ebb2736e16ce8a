using AmazingStore.Bot.Api;
using AmazingStore.Bot.Commands;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data;
using AmazingStore.Data.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Bot.Notifications;

/// <summary>
/// "Order received" for the customer of an app checkout: number, lines, delivery, total and how to pay, in
/// users.language. Queued in the checkout's own transaction (OrderNotices.CustomerReceived), so an order
/// never goes without it; same at-least-once window as <see cref="OwnerOrderNotificationHandler"/>.
/// </summary>
public sealed class CustomerOrderReceivedHandler(IServiceScopeFactory scopes, BotMessenger messenger, OutboxSendProgress sendProgress)
    : IOutboxHandler
{
    public string Type => OutboxTypes.CustomerOrderReceived;

    public async Task HandleAsync(OutboxItem item, CancellationToken ct)
    {
        var orderId = OwnerOrderNotificationHandler.PayloadOrderId(item.Payload);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        var order = await db.Orders.AsNoTracking().Include(o => o.Items.OrderBy(i => i.Id)).Include(o => o.User)
            .FirstOrDefaultAsync(o => o.Id == orderId, ct)
            ?? throw new OutboxPermanentFailureException($"order {orderId} does not exist");
        if (order.User is not { TelegramId: > 0 } user) return;
        var lang = BotTexts.Language(user.Language);
        string? zone = null;
        if (order.DeliveryZoneId is { } zoneId)
            zone = await db.Set<Data.Delivery.DeliveryZone>().AsNoTracking().Where(z => z.Id == zoneId)
                .Select(z => lang == "ru" && z.NameRu != null && z.NameRu != "" ? z.NameRu : z.NameUz).FirstOrDefaultAsync(ct);
        var text = CustomerTexts.OrderReceived(order, lang, zone);
        var progress = await sendProgress.LoadAsync(item, text, ct);
        await BotDelivery.RunAsync(() => messenger.SendAsync(user.TelegramId, text, null, ct, progress));
    }
}
