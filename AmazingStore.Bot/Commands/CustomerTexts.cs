using System.Text;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data.Orders;
using static AmazingStore.Bot.Commands.BotTexts;

namespace AmazingStore.Bot.Commands;

/// <summary>The order texts of issue 18's messages (order received, owner told of cancellations), uz/ru.</summary>
public static class CustomerTexts
{
    public static string OrderReceived(Order order, string lang, string? zoneName)
    {
        var s = new StringBuilder();
        s.Append(Pick(lang, uz: "🛍 Buyurtmangiz qabul qilindi: <b>", ru: "🛍 Ваш заказ принят: <b>")).Append(Html.E(order.OrderNumber)).Append("</b>\n");
        foreach (var i in order.Items)
            s.Append("• ").Append(Html.E(i.ProductName)).Append(" × ").Append(i.Quantity).Append(" = ").Append(Html.Money(i.Subtotal)).Append('\n');
        if (order.IsPickup)
            s.Append(Pick(lang, uz: "Olib ketish", ru: "Самовывоз"));
        else
            s.Append(Pick(lang, uz: "Yetkazib berish", ru: "Доставка"));
        if (!string.IsNullOrWhiteSpace(zoneName)) s.Append(" (").Append(Html.E(zoneName)).Append(')');
        s.Append(": ").Append(order.DeliveryFee > 0 ? Html.Money(order.DeliveryFee) : Pick(lang, uz: "bepul", ru: "бесплатно")).Append('\n');
        if (order.DeliveryDate is { } date)
            s.Append(Pick(lang, uz: "Sana: ", ru: "Дата: ")).Append(TashkentTime.Format(date)[..10]).Append('\n');
        s.Append(Pick(lang, uz: "<b>Jami: ", ru: "<b>Итого: ")).Append(Html.Money(order.Total)).Append(Pick(lang, uz: " so'm</b>\n", ru: " сум</b>\n"));
        s.Append(HowToPay(order.PaymentMethod, lang));
        return s.ToString();
    }

    /// <summary>The payment line; card and Stars orders are paid through the invoice the Mini App opened.</summary>
    public static string HowToPay(string? method, string lang) => method switch
    {
        "card" => Pick(lang, uz: "💳 To'lov: karta orqali, Telegram'dagi hisob-faktura bilan.", ru: "💳 Оплата картой по счёту в Telegram."),
        "stars" => Pick(lang, uz: "⭐ To'lov: Telegram Stars bilan, hisob-faktura orqali.", ru: "⭐ Оплата Telegram Stars по счёту."),
        _ => Pick(lang, uz: "💵 To'lov: naqd pul bilan, buyurtmani olganingizda.", ru: "💵 Оплата наличными при получении."),
    };

    public static string OwnerCancelledHeadline(string status, string by, string lang)
    {
        var who = by switch
        {
            OrderNotices.CancelledBy.Customer => Pick(lang, uz: "mijoz", ru: "клиентом"),
            OrderNotices.CancelledBy.Expiry => Pick(lang, uz: "muddati o'tgani uchun", ru: "по истечении срока"),
            OrderNotices.CancelledBy.Marketplace => Pick(lang, uz: "marketpleys", ru: "маркетплейсом"),
            _ => by,
        };
        return status == OrderStatuses.Returned
            ? Pick(lang, uz: $"↩️ Buyurtma qaytarildi ({who})", ru: $"↩️ Заказ возвращён ({who})")
            : Pick(lang, uz: $"❌ Buyurtma bekor qilindi ({who})", ru: $"❌ Заказ отменён {who}");
    }
}
