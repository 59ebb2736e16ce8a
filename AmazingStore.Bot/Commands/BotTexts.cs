using AmazingStore.Bot.Rendering;
using AmazingStore.Data.Orders;

namespace AmazingStore.Bot.Commands;

/// <summary>
/// What customers read, in Uzbek (the default) or Russian. Admins read the same two languages by
/// the same rule; their longer texts sit with their commands, written with <see cref="Pick"/>.
/// </summary>
public static class BotTexts
{
    /// <summary>Telegram's language_code or users.language: ru → Russian, anything else → Uzbek.</summary>
    public static string Language(string? code) =>
        code is not null && code.StartsWith("ru", StringComparison.OrdinalIgnoreCase) ? "ru" : "uz";

    /// <summary>The text for a language from <see cref="Language"/>.</summary>
    public static string Pick(string lang, string uz, string ru) => lang == "ru" ? ru : uz;

    public static string Greeting(string lang, string firstName) => lang == "ru"
        ? $"Здравствуйте, {Html.E(firstName)}! 👋\nДобро пожаловать в <b>Amazing Store</b>. Откройте магазин кнопкой ниже."
        : $"Assalomu alaykum, {Html.E(firstName)}! 👋\n<b>Amazing Store</b>ga xush kelibsiz. Do'konni quyidagi tugma orqali oching.";

    public static string GreetingProduct(string lang) => lang == "ru"
        ? "Товар, который вы искали, откроется по кнопке ниже."
        : "Siz izlagan mahsulot quyidagi tugma orqali ochiladi.";

    public static string OpenStore(string lang) => lang == "ru" ? "🛍 Открыть магазин" : "🛍 Do'konni ochish";
    public static string OpenProduct(string lang) => lang == "ru" ? "🛍 Открыть товар" : "🛍 Mahsulotni ochish";

    public static string Help(string lang) => lang == "ru"
        ? "<b>Amazing Store</b>\n/start — открыть магазин\n/phone — отправить свой номер телефона\n/help — эта справка\n\nЗаказы оформляются в магазине; о каждом изменении статуса заказа мы напишем сюда."
        : "<b>Amazing Store</b>\n/start — do'konni ochish\n/phone — telefon raqamingizni yuborish\n/help — yordam\n\nBuyurtmalar do'konda rasmiylashtiriladi; buyurtma holati o'zgarganda shu yerga xabar beramiz.";

    public static string AdminHelp(string lang) => lang == "ru"
        ? "\n\n<b>Администратор</b>\n/orders [pending|confirmed|shipped|delivered|cancelled] — заказы\n" +
          "/stock — остатки (сначала заканчивающиеся)\n/stock SKU — остаток товара\n/stock SKU +5 | -2 | =40 — изменить остаток\n" +
          "/sync — синхронизация с маркетплейсами\n/report [today|week|month] — отчёт о продажах с графиком\n" +
          "/jobs — панель фоновых задач (расписание синхронизаций)"
        : "\n\n<b>Administrator</b>\n/orders [pending|confirmed|shipped|delivered|cancelled] — buyurtmalar\n" +
          "/stock — qoldiqlar (avval tugayotganlari)\n/stock SKU — mahsulot qoldig'i\n/stock SKU +5 | -2 | =40 — qoldiqni o'zgartirish\n" +
          "/sync — marketpleyslar bilan sinxronlash\n/report [today|week|month] — grafikli savdo hisoboti\n" +
          "/jobs — fon vazifalari paneli (sinxronlash jadvali)";

    /// <summary>Answer to a button this version no longer knows (or a malformed one).</summary>
    public static string StaleButton(string lang) => Pick(lang, uz: "Tugma eskirgan.", ru: "Кнопка устарела.");

    public static string ButtonFailed(string lang) =>
        Pick(lang, uz: "Bo'lmadi, qaytadan urinib ko'ring.", ru: "Не получилось, попробуйте ещё раз.");

    public static string NotAdmin(string lang) => lang == "ru"
        ? "Извините, эта команда доступна только администраторам магазина. 🙏\n/help — что я умею."
        : "Kechirasiz, bu buyruq faqat do'kon administratorlari uchun. 🙏\n/help — nimalar qila olaman.";

    public static string UnknownCommand(string lang) => lang == "ru"
        ? "Не знаю такой команды. /help — что я умею."
        : "Bunday buyruqni bilmayman. /help — nimalar qila olaman.";

    public static string AskPhone(string lang) => Pick(lang,
        uz: "Telefon raqamingizni quyidagi tugma bilan yuboring — buyurtmada shu raqam ishlatiladi.",
        ru: "Отправьте свой номер кнопкой ниже — он будет указан в заказах.");

    public static string SharePhone(string lang) => Pick(lang, uz: "📱 Raqamni yuborish", ru: "📱 Отправить номер");

    public static string ForeignContact(string lang) => Pick(lang,
        uz: "Faqat o'zingizning raqamingizni tugma orqali yuboring (/phone).",
        ru: "Отправьте свой собственный номер кнопкой (/phone).");

    public static string PhoneNotUzbek(string lang) => Pick(lang,
        uz: "Bu raqam +998 bilan boshlanmaydi. Do'konda raqamni qo'lda kiriting.",
        ru: "Этот номер не начинается с +998. Введите номер вручную в магазине.");

    public static string PhoneSaved(string lang, string phone) => Pick(lang,
        uz: $"✅ Raqam saqlandi: {Html.E(phone)}", ru: $"✅ Номер сохранён: {Html.E(phone)}");

    /// <summary>Null for statuses customers are not told about.</summary>
    public static string? StatusChanged(string lang, string orderNumber, string status)
    {
        var n = Html.E(orderNumber);
        return (status, lang) switch
        {
            (OrderStatuses.Confirmed, "ru") => $"✅ Ваш заказ <b>{n}</b> подтверждён. Скоро мы его отправим.",
            (OrderStatuses.Confirmed, _) => $"✅ <b>{n}</b> buyurtmangiz tasdiqlandi. Tez orada jo'natamiz.",
            (OrderStatuses.Shipped, "ru") => $"🚚 Ваш заказ <b>{n}</b> отправлен.",
            (OrderStatuses.Shipped, _) => $"🚚 <b>{n}</b> buyurtmangiz jo'natildi.",
            (OrderStatuses.Delivered, "ru") => $"📦 Ваш заказ <b>{n}</b> доставлен. Спасибо за покупку!",
            (OrderStatuses.Delivered, _) => $"📦 <b>{n}</b> buyurtmangiz yetkazildi. Xaridingiz uchun rahmat!",
            (OrderStatuses.Cancelled, "ru") => $"❌ Ваш заказ <b>{n}</b> отменён. Если это ошибка, напишите нам.",
            (OrderStatuses.Cancelled, _) => $"❌ <b>{n}</b> buyurtmangiz bekor qilindi. Xato bo'lsa, bizga yozing.",
            (OrderStatuses.Returned, "ru") => $"↩️ Возврат по заказу <b>{n}</b> принят.",
            (OrderStatuses.Returned, _) => $"↩️ <b>{n}</b> buyurtmasi bo'yicha qaytarish qabul qilindi.",
            _ => null,
        };
    }
}
