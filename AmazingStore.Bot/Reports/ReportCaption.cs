using System.Globalization;
using System.Text;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data.Reports;
using static AmazingStore.Bot.Commands.BotTexts;

namespace AmazingStore.Bot.Reports;

/// <summary>The figures under the chart (a photo caption: at most 1024 characters, so the top list is short).</summary>
public static class ReportCaption
{
    public const int MaxLength = 1024;

    public static string Render(SalesReport r, string lang, string? headline = null)
    {
        var t = r.Total;
        var s = new StringBuilder();
        var range = r.From == r.To ? D(r.From) : $"{D(r.From)} — {D(r.To)}";
        s.Append("<b>").Append(Html.E(headline ?? Pick(lang, uz: "Savdo hisoboti", ru: "Отчёт о продажах"))).Append("</b> ").Append(range).Append('\n');
        s.Append(Pick(lang, uz: "Buyurtmalar: ", ru: "Заказы: ")).Append("<b>").Append(t.Orders).Append("</b>")
         .Append(Pick(lang, uz: ", dona: ", ru: ", штук: ")).Append(t.Units).Append('\n');
        s.Append(Pick(lang, uz: "Tushum: ", ru: "Выручка: ")).Append("<b>").Append(Html.Money(t.Revenue)).Append("</b> ").Append(Sum(lang)).Append('\n');
        s.Append(Pick(lang, uz: "Foyda: ", ru: "Прибыль: ")).Append("<b>").Append(Html.Money(t.Profit)).Append("</b> ").Append(Sum(lang)).Append('\n');
        s.Append(Pick(lang, uz: "O'rtacha buyurtma: ", ru: "Средний заказ: ")).Append(Html.Money(t.AverageOrder)).Append(' ').Append(Sum(lang)).Append('\n');
        s.Append(Pick(lang, uz: "Bekor qilingan: ", ru: "Отменено: ")).Append(t.Cancelled).Append('\n');
        foreach (var c in r.ByChannel.Where(c => c.Orders > 0))
            s.Append("• ").Append(Html.E(c.Channel)).Append(": ").Append(c.Orders).Append(" / ").Append(Html.Money(c.Revenue)).Append('\n');
        if (r.TopProducts.Count > 0)
        {
            s.Append(Pick(lang, uz: "<b>Eng ko'p sotilgan</b>\n", ru: "<b>Лидеры продаж</b>\n"));
            foreach (var p in r.TopProducts.Take(3))
            {
                var line = $"{p.Units} × {Html.E(Cut(p.Name, 40))} — {Html.Money(p.Revenue)}\n";
                if (s.Length + line.Length > MaxLength) break;
                s.Append(line);
            }
        }
        return s.ToString().TrimEnd('\n');
    }

    private static string Sum(string lang) => Pick(lang, uz: "so'm", ru: "сум");

    private static string D(DateOnly d) => d.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
