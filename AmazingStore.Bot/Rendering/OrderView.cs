using System.Text;
using AmazingStore.Data;
using AmazingStore.Data.Orders;
using Microsoft.EntityFrameworkCore;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;
using static AmazingStore.Bot.Commands.BotTexts;

namespace AmazingStore.Bot.Rendering;

/// <summary>
/// One order as one admin/owner message, in Uzbek or Russian (lang as from
/// <see cref="Commands.BotTexts.Language"/>), with buttons for its next legal statuses.
/// </summary>
public static class OrderView
{
    public static Task<Order?> LoadAsync(StoreDb db, int orderId, CancellationToken ct) =>
        db.Orders.AsNoTracking().WithViewDetails().FirstOrDefaultAsync(o => o.Id == orderId, ct);

    /// <summary>What <see cref="Render"/> reads besides the order row: its lines in order and its channel.</summary>
    public static IQueryable<Order> WithViewDetails(this IQueryable<Order> orders) =>
        orders.Include(o => o.Items.OrderBy(i => i.Id)).Include(o => o.Marketplace);

    public static string StatusName(string status, string lang) => status switch
    {
        OrderStatuses.Pending => Pick(lang, uz: "tasdiqlash kutilmoqda", ru: "ожидает подтверждения"),
        OrderStatuses.Confirmed => Pick(lang, uz: "tasdiqlangan", ru: "подтверждён"),
        OrderStatuses.Shipped => Pick(lang, uz: "jo'natilgan", ru: "отправлен"),
        OrderStatuses.Delivered => Pick(lang, uz: "yetkazilgan", ru: "доставлен"),
        OrderStatuses.Cancelled => Pick(lang, uz: "bekor qilingan", ru: "отменён"),
        OrderStatuses.Returned => Pick(lang, uz: "qaytarilgan", ru: "возвращён"),
        _ => status,
    };

    public static string ActionName(string nextStatus, string lang) => nextStatus switch
    {
        OrderStatuses.Confirmed => Pick(lang, uz: "✅ Tasdiqlash", ru: "✅ Подтвердить"),
        OrderStatuses.Shipped => Pick(lang, uz: "🚚 Jo'natildi", ru: "🚚 Отправлен"),
        OrderStatuses.Delivered => Pick(lang, uz: "📦 Yetkazildi", ru: "📦 Доставлен"),
        OrderStatuses.Cancelled => Pick(lang, uz: "❌ Bekor qilish", ru: "❌ Отменить"),
        _ => nextStatus,
    };

    /// <summary>The first line of the owner's message about a new order.</summary>
    public static string NewOrderHeadline(Order order, string lang) => order.NeedsAttention
        ? Pick(lang, uz: "🆕⚠️ Yangi buyurtma — e'tibor talab qiladi", ru: "🆕⚠️ Новый заказ — требует внимания")
        : Pick(lang, uz: "🆕 Yangi buyurtma", ru: "🆕 Новый заказ");

    /// <param name="headline">E.g. <see cref="NewOrderHeadline"/> for the owner notification; null for /orders.</param>
    public static string Render(Order order, string lang, string? headline = null)
    {
        var s = new StringBuilder();
        if (headline is not null) s.Append(Html.E(headline)).Append('\n');
        s.Append(Pick(lang, uz: "<b>Buyurtma ", ru: "<b>Заказ ")).Append(Html.E(order.OrderNumber)).Append("</b>\n");
        s.Append(Pick(lang, uz: "Holat: <b>", ru: "Статус: <b>")).Append(Html.E(StatusName(order.Status, lang))).Append("</b>\n");
        s.Append(Pick(lang, uz: "Kanal: ", ru: "Канал: ")).Append(Html.E(order.Marketplace?.Name ?? order.Source))
         .Append(" (").Append(Html.E(order.Source)).Append(")\n");
        s.Append(Pick(lang, uz: "Yaratilgan: ", ru: "Создан: ")).Append(TashkentTime.Format(order.CreatedAt))
         .Append(Pick(lang, uz: " (Toshkent)\n", ru: " (Ташкент)\n"));
        s.Append(Pick(lang, uz: "Mijoz: ", ru: "Клиент: ")).Append(Html.E(order.CustomerName));
        if (!string.IsNullOrWhiteSpace(order.CustomerPhone)) s.Append(", ").Append(Html.E(order.CustomerPhone));
        s.Append('\n');
        var address = order.DeliveryAddress ?? order.CustomerAddress;
        if (!string.IsNullOrWhiteSpace(address)) s.Append(Pick(lang, uz: "Manzil: ", ru: "Адрес: ")).Append(Html.E(address)).Append('\n');
        if (!string.IsNullOrWhiteSpace(order.DeliveryNotes)) s.Append(Pick(lang, uz: "Izoh: ", ru: "Комментарий: ")).Append(Html.E(order.DeliveryNotes)).Append('\n');
        if (!string.IsNullOrWhiteSpace(order.PaymentMethod)) s.Append(Pick(lang, uz: "To'lov: ", ru: "Оплата: ")).Append(Html.E(order.PaymentMethod)).Append('\n');
        if (order.PaymentStatus != PaymentStatuses.Unpaid)
            s.Append(Pick(lang, uz: "To'lov holati: <b>", ru: "Статус оплаты: <b>")).Append(Html.E(Payments.PaymentTexts.PaymentStatusName(order.PaymentStatus, lang))).Append("</b>\n");
        if (order.NeedsRefund) s.Append(Pick(lang, uz: "💸 <b>Pulni qaytarish kerak</b>\n", ru: "💸 <b>Нужно вернуть деньги</b>\n"));
        s.Append(Pick(lang, uz: "Mahsulotlar:\n", ru: "Товары:\n"));
        foreach (var item in order.Items)
        {
            var sku = string.IsNullOrEmpty(item.ProductSku) ? item.ExternalSku : item.ProductSku;
            s.Append("• ").Append(Html.E(item.ProductName));
            if (!string.IsNullOrEmpty(sku)) s.Append(" (").Append(Html.E(sku)).Append(')');
            s.Append(" × ").Append(item.Quantity).Append(" = ").Append(Html.Money(item.Subtotal)).Append('\n');
        }
        if (order.DeliveryFee > 0) s.Append(Pick(lang, uz: "Yetkazib berish: ", ru: "Доставка: ")).Append(Html.Money(order.DeliveryFee)).Append('\n');
        s.Append(Pick(lang, uz: "<b>Jami: ", ru: "<b>Итого: ")).Append(Html.Money(order.Total)).Append(Pick(lang, uz: " so'm</b>", ru: " сум</b>"));
        if (order.NeedsAttention)
            s.Append(Pick(lang, uz: "\n⚠️ <b>E'tibor talab qiladi</b>: ", ru: "\n⚠️ <b>Требует внимания</b>: "))
             .Append(Html.E(order.AttentionReason ?? Pick(lang, uz: "buyurtmani tekshiring", ru: "проверьте заказ")));
        return s.ToString();
    }

    public static InlineKeyboardMarkup? Buttons(Order order, string lang)
    {
        var next = OrderWorkflow.NextStatuses(order.Status);
        var rows = new List<List<InlineKeyboardButton>>();
        if (next.Count > 0)
            rows.Add(next.Select(n =>
                InlineKeyboardButton.WithCallbackData(ActionName(n, lang), CallbackData.Transition(order.Id, order.Status, n))).ToList());
        // A return needs its decision in the button: the units back into stock, or written off.
        if (OrderStateMachine.CanMove(order.Status, OrderStatuses.Returned))
            rows.Add([
                InlineKeyboardButton.WithCallbackData(Pick(lang, uz: "↩️ Qaytdi: omborga", ru: "↩️ Возврат: на склад"),
                    CallbackData.Return(order.Id, order.Status, restock: true)),
                InlineKeyboardButton.WithCallbackData(Pick(lang, uz: "↩️ Qaytdi: hisobdan chiqarish", ru: "↩️ Возврат: списать"),
                    CallbackData.Return(order.Id, order.Status, restock: false)),
            ]);
        // Money taken that can be given back: paid, or flagged after a payment the order could not take.
        if (order.PaymentStatus == PaymentStatuses.Paid || order.NeedsRefund)
            rows.Add([InlineKeyboardButton.WithCallbackData(Payments.PaymentTexts.RefundButton(lang), CallbackData.Refund(order.Id))]);
        return rows.Count == 0 ? null : new InlineKeyboardMarkup(rows);
    }
}
