using System.Globalization;
using System.Text;
using AmazingStore.Bot.Api;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data;
using AmazingStore.Data.Inventory;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;
using static AmazingStore.Bot.Commands.BotTexts;

namespace AmazingStore.Bot.Commands;

/// <summary>
/// /stock (low stock first, paged), /stock SKU (figures and marketplace mapping), /stock SKU +5|-2|=40
/// (through <see cref="StockLedger"/>, the admin API's code path, with the admin as the reason).
/// Texts (and product names) follow the admin's Telegram language.
/// </summary>
public sealed class StockCommand(StoreDb db, BotMessenger messenger, IOptions<TelegramOptions> options)
{
    private int PageSize => Math.Max(1, options.Value.PageSize * 2);

    public async Task RunAsync(CommandContext c, CancellationToken ct)
    {
        var lang = c.Language;
        var args = c.Args.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (args.Length == 0)
        {
            var (text, buttons) = await PageAsync(1, lang, ct);
            await messenger.ReplyAsync(c.ChatId, text, buttons, ct);
            return;
        }
        var product = await db.Products.AsNoTracking().FirstOrDefaultAsync(p => p.Sku.ToLower() == args[0].ToLower(), ct);
        if (product is null)
        {
            await messenger.ReplyAsync(c.ChatId, Pick(lang,
                uz: $"SKU <code>{Html.E(args[0])}</code> bo'yicha mahsulot topilmadi.",
                ru: $"Товар с SKU <code>{Html.E(args[0])}</code> не найден."), null, ct);
            return;
        }
        if (args.Length == 1)
        {
            await messenger.ReplyAsync(c.ChatId, await DescribeAsync(product, lang, ct), null, ct);
            return;
        }
        if (args.Length > 2 || !TryParseChange(args[1], out var change, out var set))
        {
            await messenger.ReplyAsync(c.ChatId, Pick(lang,
                uz: "Format: /stock SKU +5, /stock SKU -2 yoki /stock SKU =40",
                ru: "Формат: /stock SKU +5, /stock SKU -2 или /stock SKU =40"), null, ct);
            return;
        }

        var result = await StockLedger.AdjustAsync(db, product.Id, change, set, new LedgerReference("bot", null, null, c.Actor), ct);
        var f = result.Figures;
        var reply = result.Ok
            ? Pick(lang,
                uz: $"✅ <code>{Html.E(product.Sku)}</code>: omborda {f.Quantity}, zaxirada {f.Reserved}, mavjud {f.Available}.",
                ru: $"✅ <code>{Html.E(product.Sku)}</code>: на складе {f.Quantity}, в резерве {f.Reserved}, доступно {f.Available}.")
            : result.Error switch
            {
                "below_reserved" => Pick(lang,
                    uz: $"⛔ Mumkin emas: omborda buyurtmalar uchun zaxiralangandan ({f.Reserved}) kam qoladi. Qoldiq o'zgarmadi: omborda {f.Quantity}, mavjud {f.Available}.",
                    ru: $"⛔ Нельзя: на складе останется меньше, чем зарезервировано заказами ({f.Reserved}). Остаток не изменён: на складе {f.Quantity}, доступно {f.Available}."),
                "negative" => Pick(lang,
                    uz: $"⛔ Mumkin emas: qoldiq manfiy bo'lishi mumkin emas. Hozir omborda {f.Quantity}.",
                    ru: $"⛔ Нельзя: остаток не может стать отрицательным. Сейчас на складе {f.Quantity}."),
                "not_found" => Pick(lang, uz: "Mahsulot topilmadi.", ru: "Товар не найден."),
                _ => Pick(lang, uz: $"⛔ Qoldiq o'zgarmadi ({Html.E(result.Error)}).", ru: $"⛔ Остаток не изменён ({Html.E(result.Error)})."),
            };
        await messenger.ReplyAsync(c.ChatId, reply, null, ct);
    }

    /// <summary>"+5" / "-2" change by; "=40" set to.</summary>
    public static bool TryParseChange(string arg, out int? change, out int? set)
    {
        change = null; set = null;
        if (arg.Length < 2) return false;
        if (!int.TryParse(arg[1..], NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return false;
        switch (arg[0])
        {
            case '+': change = n; return n != 0;
            case '-': change = -n; return n != 0;
            case '=': set = n; return true;
            default: return false;
        }
    }

    /// <summary>The "sl:{page}" button: the page replaces the message it was pressed on.</summary>
    public async Task PageButtonAsync(CallbackQuery q, string[] parts, CancellationToken ct)
    {
        var page = parts.Length > 1 && int.TryParse(parts[1], out var p) ? p : 1;
        await messenger.AnswerAsync(q.Id, null, ct);
        if (q.Message is null) return;
        var (text, buttons) = await PageAsync(page, Language(q.From.LanguageCode), ct);
        await messenger.EditAsync(q.Message.Chat.Id, q.Message.Id, text, buttons, ct);
    }

    private async Task<(string Text, InlineKeyboardMarkup? Buttons)> PageAsync(int page, string lang, CancellationToken ct)
    {
        var threshold = options.Value.LowStockThreshold;
        var ru = lang == "ru";
        var rows = db.Products.AsNoTracking().Where(p => p.IsActive).Select(p => new
        {
            p.Sku,
            Name = ru ? p.NameRu ?? p.NameUz : p.NameUz,
            Quantity = p.Inventory == null ? 0 : p.Inventory.Quantity,
            Reserved = p.Inventory == null ? 0 : p.Inventory.ReservedQuantity,
            Available = p.Inventory == null ? 0 : p.Inventory.Available,
        });
        var total = await rows.CountAsync(ct);
        var low = await rows.CountAsync(r => r.Available <= threshold, ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var items = await rows.OrderBy(r => r.Available).ThenBy(r => r.Sku)
            .Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);

        var s = new StringBuilder(Pick(lang,
            uz: $"<b>Qoldiqlar</b> (kam — mavjud ≤ {threshold}: {low} / {total})\n",
            ru: $"<b>Остатки</b> (мало — доступно ≤ {threshold}: {low} из {total})\n"));
        foreach (var r in items)
        {
            var available = r.Available;
            s.Append(available <= threshold ? "⚠️ " : "• ")
             .Append("<code>").Append(Html.E(r.Sku)).Append("</code> ").Append(Html.E(r.Name))
             .Append(Pick(lang, uz: ": mavjud <b>", ru: ": доступно <b>")).Append(available)
             .Append(Pick(lang, uz: "</b> (ombor ", ru: "</b> (склад ")).Append(r.Quantity)
             .Append(Pick(lang, uz: ", zaxira ", ru: ", резерв ")).Append(r.Reserved).Append(")\n");
        }
        s.Append(Pick(lang, uz: $"{page}/{pages}-sahifa. /stock SKU — batafsil.", ru: $"Страница {page} из {pages}. /stock SKU — подробно."));
        var nav = new List<InlineKeyboardButton>();
        if (page > 1) nav.Add(InlineKeyboardButton.WithCallbackData("◀️", CallbackData.StockPage(page - 1)));
        if (page < pages) nav.Add(InlineKeyboardButton.WithCallbackData("▶️", CallbackData.StockPage(page + 1)));
        return (s.ToString(), nav.Count == 0 ? null : new InlineKeyboardMarkup([nav]));
    }

    private async Task<string> DescribeAsync(Data.Catalog.Product product, string lang, CancellationToken ct)
    {
        var f = await StockLedger.GetAsync(db, product.Id, ct) ?? new StockFigures(product.Id, 0, 0, 0);
        var s = new StringBuilder();
        s.Append("<b>").Append(Html.E(lang == "ru" ? product.NameRu ?? product.NameUz : product.NameUz)).Append("</b>\n");
        s.Append("SKU <code>").Append(Html.E(product.Sku)).Append("</code>");
        if (!string.IsNullOrEmpty(product.Barcode))
            s.Append(Pick(lang, uz: ", shtrix-kod <code>", ru: ", штрихкод <code>")).Append(Html.E(product.Barcode)).Append("</code>");
        s.Append(Pick(lang,
            uz: $"\nOmborda: <b>{f.Quantity}</b>\nZaxirada: <b>{f.Reserved}</b>\nMavjud: <b>{f.Available}</b>",
            ru: $"\nНа складе: <b>{f.Quantity}</b>\nВ резерве: <b>{f.Reserved}</b>\nДоступно: <b>{f.Available}</b>"));
        if (f.Available <= options.Value.LowStockThreshold) s.Append(" ⚠️");
        var mappings = await db.MarketplaceProducts.AsNoTracking().Include(m => m.Marketplace)
            .Where(m => m.ProductId == product.Id).OrderBy(m => m.Marketplace.Name).ToListAsync(ct);
        s.Append(Pick(lang, uz: "\n\n<b>Marketpleyslar</b>", ru: "\n\n<b>Маркетплейсы</b>"));
        if (mappings.Count == 0) s.Append(Pick(lang, uz: "\nbog'lanmagan", ru: "\nне привязан"));
        foreach (var m in mappings)
        {
            s.Append("\n• ").Append(Html.E(m.Marketplace.Name)).Append(": ")
             .Append(Html.E(m.MarketplaceSku ?? m.MarketplaceProductId));
            if (!m.IsActive) s.Append(Pick(lang, uz: " (o'chirilgan)", ru: " (выключен)"));
            var buffer = m.Marketplace.SafetyBuffer;
            // As the stock push computes it: nothing for a product taken off sale.
            s.Append(Pick(lang, uz: ", sotuvda ", ru: ", продаём ")).Append(product.IsActive ? Math.Max(0, f.Available - buffer) : 0);
            if (buffer > 0) s.Append(Pick(lang, uz: " (ehtiyot zaxira ", ru: " (запас ")).Append(buffer).Append(')');
            if (m.LastPushedStock is not null) s.Append(Pick(lang, uz: ", yuborilgan ", ru: ", отправлено ")).Append(m.LastPushedStock);
            if (!string.IsNullOrEmpty(m.SyncError)) s.Append(Pick(lang, uz: ", xato: ", ru: ", ошибка: ")).Append(Html.E(m.SyncError));
        }
        return s.ToString();
    }
}
