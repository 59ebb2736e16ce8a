using System.Text;
using AmazingStore.Bot.Api;
using AmazingStore.Data;
using AmazingStore.Data.Orders;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Bot.Rendering;

/// <summary>One order as one admin/owner message (Russian, the owner's working language) with buttons for its next legal statuses.</summary>
public static class OrderView
{
    public static Task<Order?> LoadAsync(StoreDb db, int orderId, CancellationToken ct) =>
        db.Orders.AsNoTracking().WithViewDetails().FirstOrDefaultAsync(o => o.Id == orderId, ct);

    /// <summary>What <see cref="Render"/> reads besides the order row: its lines in order and its channel.</summary>
    public static IQueryable<Order> WithViewDetails(this IQueryable<Order> orders) =>
        orders.Include(o => o.Items.OrderBy(i => i.Id)).Include(o => o.Marketplace);

    public static string StatusName(string status) => status switch
    {
        OrderStatuses.Pending => "ожидает подтверждения",
        OrderStatuses.Confirmed => "подтверждён",
        OrderStatuses.Shipped => "отправлен",
        OrderStatuses.Delivered => "доставлен",
        OrderStatuses.Cancelled => "отменён",
        _ => status,
    };

    public static string ActionName(string nextStatus) => nextStatus switch
    {
        OrderStatuses.Confirmed => "✅ Подтвердить",
        OrderStatuses.Shipped => "🚚 Отправлен",
        OrderStatuses.Delivered => "📦 Доставлен",
        OrderStatuses.Cancelled => "❌ Отменить",
        _ => nextStatus,
    };

    /// <param name="headline">E.g. "🆕 Новый заказ" for the owner notification; null for /orders.</param>
    public static string Render(Order order, string? headline = null)
    {
        var s = new StringBuilder();
        if (headline is not null) s.Append(Html.E(headline)).Append('\n');
        s.Append("<b>Заказ ").Append(Html.E(order.OrderNumber)).Append("</b>\n");
        s.Append("Статус: <b>").Append(Html.E(StatusName(order.Status))).Append("</b>\n");
        s.Append("Канал: ").Append(Html.E(order.Marketplace?.Name ?? order.Source)).Append(" (").Append(Html.E(order.Source)).Append(")\n");
        s.Append("Создан: ").Append(TashkentTime.Format(order.CreatedAt)).Append(" (Ташкент)\n");
        s.Append("Клиент: ").Append(Html.E(order.CustomerName));
        if (!string.IsNullOrWhiteSpace(order.CustomerPhone)) s.Append(", ").Append(Html.E(order.CustomerPhone));
        s.Append('\n');
        var address = order.DeliveryAddress ?? order.CustomerAddress;
        if (!string.IsNullOrWhiteSpace(address)) s.Append("Адрес: ").Append(Html.E(address)).Append('\n');
        if (!string.IsNullOrWhiteSpace(order.DeliveryNotes)) s.Append("Комментарий: ").Append(Html.E(order.DeliveryNotes)).Append('\n');
        if (!string.IsNullOrWhiteSpace(order.PaymentMethod)) s.Append("Оплата: ").Append(Html.E(order.PaymentMethod)).Append('\n');
        s.Append("Товары:\n");
        foreach (var item in order.Items)
        {
            var sku = string.IsNullOrEmpty(item.ProductSku) ? item.ExternalSku : item.ProductSku;
            s.Append("• ").Append(Html.E(item.ProductName));
            if (!string.IsNullOrEmpty(sku)) s.Append(" (").Append(Html.E(sku)).Append(')');
            s.Append(" × ").Append(item.Quantity).Append(" = ").Append(Html.Money(item.Subtotal)).Append('\n');
        }
        if (order.DeliveryFee > 0) s.Append("Доставка: ").Append(Html.Money(order.DeliveryFee)).Append('\n');
        s.Append("<b>Итого: ").Append(Html.Money(order.Total)).Append(" сум</b>");
        if (order.NeedsAttention)
            s.Append("\n⚠️ <b>Требует внимания</b>: ").Append(Html.E(order.AttentionReason ?? "проверьте заказ"));
        return s.ToString();
    }

    public static InlineKeyboardMarkup? Buttons(Order order)
    {
        var next = OrderWorkflow.NextStatuses(order.Status);
        if (next.Count == 0) return null;
        return new InlineKeyboardMarkup([next.Select(n =>
            new InlineKeyboardButton(ActionName(n), CallbackData.Transition(order.Id, order.Status, n))).ToList()]);
    }
}
