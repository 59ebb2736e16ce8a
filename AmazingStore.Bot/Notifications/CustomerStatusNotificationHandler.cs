using System.Text.Json;
using AmazingStore.Bot.Api;
using AmazingStore.Bot.Commands;
using AmazingStore.Data;
using AmazingStore.Data.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Bot.Notifications;

/// <summary>
/// Tells a customer (in users.language) that their order was confirmed, shipped, delivered or
/// cancelled. Orders without a Telegram customer (marketplace orders) need no message.
/// Same at-least-once window as <see cref="OwnerOrderNotificationHandler"/>.
/// </summary>
public sealed class CustomerStatusNotificationHandler(IServiceScopeFactory scopes, BotMessenger messenger, OutboxSendProgress sendProgress)
    : IOutboxHandler
{
    public string Type => OutboxTypes.CustomerStatusNotification;

    public async Task HandleAsync(OutboxItem item, CancellationToken ct)
    {
        var orderId = OwnerOrderNotificationHandler.PayloadOrderId(item.Payload);
        string? status, reason;
        using (var doc = JsonDocument.Parse(item.Payload))
        {
            status = doc.RootElement.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            reason = doc.RootElement.TryGetProperty("reason", out var why) && why.ValueKind == JsonValueKind.String ? why.GetString() : null;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        var target = await db.Orders.AsNoTracking().Where(o => o.Id == orderId)
            .Select(o => new { o.OrderNumber, o.PaymentMethod, TelegramId = o.User == null ? (long?)null : o.User.TelegramId, Language = o.User == null ? null : o.User.Language })
            .FirstOrDefaultAsync(ct)
            ?? throw new OutboxPermanentFailureException($"order {orderId} does not exist");
        if (target.TelegramId is not { } chatId || chatId <= 0) return;
        var text = reason == "expired"
            ? Payments.PaymentTexts.Expired(BotTexts.Language(target.Language), target.OrderNumber, Data.Orders.PaymentMethods.IsOnline(target.PaymentMethod))
            : BotTexts.StatusChanged(BotTexts.Language(target.Language), target.OrderNumber, status ?? "");
        if (text is null) return; // a status customers are not told about
        var progress = await sendProgress.LoadAsync(item, text, ct);
        await BotDelivery.RunAsync(() => messenger.SendAsync(chatId, text, null, ct, progress));
    }
}
