using AmazingStore.Bot.Api;
using AmazingStore.Bot.Reports;
using AmazingStore.Data.Reports;
using static AmazingStore.Bot.Commands.BotTexts;

namespace AmazingStore.Bot.Commands;

/// <summary>/report [today|week|month] (admins): the sales report's figures with its chart as a PNG photo.</summary>
public sealed class ReportCommand(SalesReports reports, ReportPhotos photos, BotMessenger messenger, TimeProvider clock)
{
    public async Task RunAsync(CommandContext c, CancellationToken ct)
    {
        var lang = c.Language;
        if (ReportPeriod.Parse(c.Args, clock.GetUtcNow()) is not { } period)
        {
            await messenger.ReplyAsync(c.ChatId, Pick(lang,
                uz: "Format: /report [today|week|month] — bugun, oxirgi 7 yoki 30 kun.",
                ru: "Формат: /report [today|week|month] — сегодня, последние 7 или 30 дней."), null, ct);
            return;
        }
        var report = await reports.BuildAsync(period.From, period.To, lang, ct);
        await photos.ReplyAsync(c.ChatId, ReportChart.RenderPng(report), ReportCaption.Render(report, lang), ct);
    }
}
