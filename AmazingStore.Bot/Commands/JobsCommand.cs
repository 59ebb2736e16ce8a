using AmazingStore.Bot.Api;
using AmazingStore.Bot.Rendering;
using Microsoft.Extensions.DependencyInjection;
using static AmazingStore.Bot.Commands.BotTexts;

namespace AmazingStore.Bot.Commands;

/// <summary>/jobs (admins): a one-time link to the job dashboard (marketplace sync runs, their history and failures).</summary>
public sealed class JobsCommand(BotMessenger messenger, IServiceProvider services)
{
    public async Task RunAsync(CommandContext c, CancellationToken ct)
    {
        var links = services.GetService<IJobDashboardLinks>();
        var link = links?.CreateLink(c.From.Id);
        var text = link is null
            ? Pick(c.Language,
                uz: "Vazifalar paneli havolasi uchun do'kon manzili (Telegram:MiniAppUrl) sozlanmagan.",
                ru: "Для ссылки на панель задач не настроен адрес магазина (Telegram:MiniAppUrl).")
            : Pick(c.Language,
                uz: $"<a href=\"{Html.E(link)}\">Vazifalar paneli</a> — havola bir marta, {Minutes(links!)} daqiqa ichida ishlaydi.",
                ru: $"<a href=\"{Html.E(link)}\">Панель задач</a> — ссылка одноразовая и действует {Minutes(links!)} мин.");
        await messenger.ReplyAsync(c.ChatId, text, null, ct);
    }

    private static int Minutes(IJobDashboardLinks links) => Math.Max(1, (int)Math.Round(links.LinkLifetime.TotalMinutes));
}
