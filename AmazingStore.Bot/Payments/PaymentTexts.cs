using System.Globalization;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data.Payments;
using static AmazingStore.Bot.Commands.BotTexts;

namespace AmazingStore.Bot.Payments;

/// <summary>What customers and the owner read about payments, in Uzbek or Russian (lang as from BotTexts.Language).</summary>
public static class PaymentTexts
{
    /// <summary>Telegram shows this to the payer when a pre_checkout_query is refused (null refusal: we could not check).</summary>
    public static string Refusal(string lang, string? refusal) => refusal switch
    {
        PreCheckoutRefusals.Unknown => Pick(lang, uz: "Bu hisob endi amal qilmaydi. Buyurtmani do'konda qayta oching.",
            ru: "Этот счёт больше не действителен. Откройте заказ в магазине заново."),
        PreCheckoutRefusals.NotPayer => Pick(lang, uz: "Bu buyurtma boshqa xaridorga tegishli.", ru: "Этот заказ принадлежит другому покупателю."),
        PreCheckoutRefusals.NotPayable => Pick(lang, uz: "Buyurtma bekor qilingan yoki allaqachon to'langan. Do'kondan qaytadan buyurtma bering.",
            ru: "Заказ отменён или уже оплачен. Оформите заказ в магазине заново."),
        PreCheckoutRefusals.Amount => Pick(lang, uz: "Buyurtma summasi o'zgargan. To'lash uchun buyurtmani qayta oching.",
            ru: "Сумма заказа изменилась. Откройте заказ заново, чтобы оплатить."),
        PreCheckoutRefusals.Stock => Pick(lang, uz: "Kechirasiz, buyurtmadagi mahsulotlar endi band qilinmagan.",
            ru: "Извините, товары из заказа больше не зарезервированы."),
        _ => Pick(lang, uz: "Buyurtmani hozir tekshirib bo'lmadi, birozdan so'ng qayta urinib ko'ring.",
            ru: "Не удалось проверить заказ, попробуйте чуть позже."),
    };

    public static string? Customer(string lang, string orderNumber, string @event)
    {
        var n = Html.E(orderNumber);
        return @event switch
        {
            "paid" => Pick(lang, uz: $"💳 <b>{n}</b> buyurtmangiz uchun to'lov qabul qilindi. Rahmat! Tez orada tasdiqlaymiz.",
                ru: $"💳 Оплата заказа <b>{n}</b> получена. Спасибо! Скоро мы его подтвердим."),
            "late" => Pick(lang, uz: $"⚠️ <b>{n}</b> buyurtmasi uchun to'lov buyurtma bekor qilingandan keyin keldi. Pulni qaytaramiz.",
                ru: $"⚠️ Оплата заказа <b>{n}</b> пришла после его отмены. Мы вернём деньги."),
            "refunded" => Pick(lang, uz: $"↩️ <b>{n}</b> buyurtmasi uchun pul qaytarildi.",
                ru: $"↩️ Деньги за заказ <b>{n}</b> возвращены."),
            _ => null,
        };
    }

    /// <summary>The customer's message when the system cancelled an order that was not paid (card/Stars) or not confirmed (cash) in time.</summary>
    public static string Expired(string lang, string orderNumber, bool online)
    {
        var n = Html.E(orderNumber);
        return online
            ? Pick(lang, uz: $"⌛ <b>{n}</b> buyurtmangiz o'z vaqtida to'lanmagani uchun bekor qilindi. Istalgan payt qaytadan buyurtma berishingiz mumkin.",
                ru: $"⌛ Заказ <b>{n}</b> отменён: он не был оплачен вовремя. Вы можете оформить его заново в любое время.")
            : Pick(lang, uz: $"⌛ <b>{n}</b> buyurtmangiz o'z vaqtida tasdiqlanmagani uchun bekor qilindi. Kerak bo'lsa, qaytadan buyurtma bering.",
                ru: $"⌛ Заказ <b>{n}</b> отменён: он не был подтверждён вовремя. При необходимости оформите его заново.");
    }

    /// <summary>The owner's one reminder of a confirmed card/Stars order still unpaid (its stock is held until they act).</summary>
    public static string UnpaidReminderHeadline(string lang) => Pick(lang,
        uz: "⏰ Tasdiqlangan buyurtma hali to'lanmagan, to'lov muddati o'tdi. Mahsulotlar band turibdi: to'lovni kuting yoki bekor qiling.",
        ru: "⏰ Подтверждённый заказ всё ещё не оплачен, срок оплаты истёк. Товары зарезервированы: дождитесь оплаты или отмените заказ.");

    public static string Owner(string lang, string @event, string? orderNumber, string? amount, string? status)
    {
        var n = Html.E(orderNumber ?? "?");
        return @event switch
        {
            "paid" => Pick(lang, uz: $"💳 <b>{n}</b> buyurtmasi to'landi: {amount}.", ru: $"💳 Заказ <b>{n}</b> оплачен: {amount}."),
            "needs_refund" when orderNumber is null => Pick(lang,
                uz: $"⚠️ Hech qaysi buyurtmaga tegishli bo'lmagan to'lov keldi: {amount}. Uni qaytaring.",
                ru: $"⚠️ Пришла оплата, не относящаяся ни к одному заказу: {amount}. Верните её."),
            "needs_refund" => Pick(lang,
                uz: $"⚠️ <b>{n}</b> buyurtmasi uchun to'lov ({amount}) keldi, lekin buyurtmani bajarib bo'lmaydi (holat: {status}). Pulni qaytaring.",
                ru: $"⚠️ За заказ <b>{n}</b> пришла оплата ({amount}), но выполнить его нельзя (статус: {status}). Верните деньги."),
            "refunded" => Pick(lang, uz: $"↩️ <b>{n}</b> buyurtmasi uchun pul qaytarildi.", ru: $"↩️ Деньги за заказ <b>{n}</b> возвращены."),
            _ => n,
        };
    }

    /// <summary>An amount in the currency's smallest unit as people read it: so'm for UZS (÷100), stars for XTR.</summary>
    public static string Amount(string currency, long amount) => currency switch
    {
        PaymentWorkflow.StarsCurrency => amount.ToString(CultureInfo.InvariantCulture) + " ⭐",
        "UZS" => Html.Money(amount / 100m) + " so'm",
        _ => (amount / 100m).ToString("0.00", CultureInfo.InvariantCulture) + " " + Html.E(currency),
    };

    public static string RefundButton(string lang) => Pick(lang, uz: "💸 Pulni qaytarish", ru: "💸 Вернуть деньги");
    public static string RefundConfirmButton(string lang) => Pick(lang, uz: "✅ Ha, qaytarish", ru: "✅ Да, вернуть");

    public static string RefundQuestion(string lang, string orderNumber) => Pick(lang,
        uz: $"<b>{Html.E(orderNumber)}</b> buyurtmasi uchun pul qaytarilsinmi? Stars avtomatik qaytariladi, karta to'lovi provayder kabinetida qaytariladi.",
        ru: $"Вернуть деньги за заказ <b>{Html.E(orderNumber)}</b>? Stars вернутся автоматически, оплату картой верните в кабинете провайдера.");

    public static string PaymentStatusName(string status, string lang) => status switch
    {
        "unpaid" => Pick(lang, uz: "to'lanmagan", ru: "не оплачен"),
        "paid" => Pick(lang, uz: "to'langan", ru: "оплачен"),
        "refunded" => Pick(lang, uz: "qaytarilgan", ru: "возвращён"),
        _ => status,
    };
}
