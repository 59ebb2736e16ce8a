using System.Text;
using AmazingStore.Bot.Api;
using AmazingStore.Bot.Rendering;
using AmazingStore.Data;
using AmazingStore.Data.Marketplaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;
using static AmazingStore.Bot.Commands.BotTexts;

namespace AmazingStore.Bot.Commands;

/// <summary>/sync: the last run per marketplace and type, with buttons that ask the marketplace engine for a run.</summary>
public sealed class SyncCommand(StoreDb db, BotMessenger messenger, IServiceProvider services)
{
    private static readonly string[] Types = ["stock", "price", "orders"];

    public async Task RunAsync(CommandContext c, CancellationToken ct)
    {
        var lang = c.Language;
        var marketplaces = await db.Marketplaces.AsNoTracking()
            .Where(m => m.IntegrationType != "own").OrderBy(m => m.Id).ToListAsync(ct);
        // The newest run per marketplace and type.
        var latest = await db.SyncLogs.AsNoTracking()
            .GroupBy(l => new { l.MarketplaceId, l.SyncType })
            .Select(g => g.OrderByDescending(l => l.StartedAt).ThenByDescending(l => l.Id).First())
            .ToListAsync(ct);

        var s = new StringBuilder(Pick(lang, uz: "<b>Sinxronlash</b>", ru: "<b>Синхронизация</b>"));
        var rows = new List<IReadOnlyList<InlineKeyboardButton>>();
        foreach (var m in marketplaces)
        {
            s.Append("\n\n<b>").Append(Html.E(m.Name)).Append("</b>");
            if (!m.IsActive) s.Append(Pick(lang, uz: " (o'chirilgan)", ru: " (выключен)"));
            var logs = latest.Where(l => l.MarketplaceId == m.Id).OrderBy(l => l.SyncType).ToList();
            if (logs.Count == 0) s.Append(Pick(lang, uz: "\nhali bo'lmagan", ru: "\nещё не было"));
            foreach (var l in logs)
            {
                s.Append("\n• ").Append(Html.E(l.SyncType)).Append(": ")
                 .Append(l.Status == "success" ? "✅" : l.Status == "partial" ? "⚠️" : "❌").Append(' ').Append(Html.E(l.Status))
                 .Append(", ").Append(TashkentTime.Format(l.StartedAt))
                 .Append(Pick(lang, uz: $", {l.ItemsProcessed} ta", ru: $", {l.ItemsProcessed} шт."));
                if (l.ItemsFailed > 0) s.Append(Pick(lang, uz: $", xatolar {l.ItemsFailed}", ru: $", ошибок {l.ItemsFailed}"));
                if (!string.IsNullOrEmpty(l.ErrorMessage)) s.Append(" — ").Append(Html.E(Short(l.ErrorMessage)));
            }
            if (m.IsActive)
                rows.Add(Types.Select(t => InlineKeyboardButton.WithCallbackData($"{m.Name}: {t}", CallbackData.Sync(m.Slug, t))).ToList());
        }
        await messenger.ReplyAsync(c.ChatId, s.ToString(), rows.Count == 0 ? null : new InlineKeyboardMarkup(rows), ct);
    }

    /// <summary>The "sy:{slug}:{type}" button.</summary>
    public async Task RunButtonAsync(CallbackQuery q, string[] parts, CancellationToken ct)
    {
        var lang = Language(q.From.LanguageCode);
        var requester = services.GetService<IMarketplaceSyncRequester>();
        if (requester is null || parts.Length != 3)
        {
            await messenger.AnswerAsync(q.Id, Pick(lang,
                uz: "Sinxronlash hozir mavjud emas.",
                ru: "Синхронизация сейчас недоступна."), ct, alert: true);
            return;
        }
        var started = await requester.RequestAsync(parts[1], parts[2], "telegram", ct);
        var run = $"{parts[1]} / {parts[2]}";
        await messenger.AnswerAsync(q.Id, started
            ? Pick(lang, uz: $"Ishga tushirildi: {run}. Natija — /sync da.", ru: $"Запущено: {run}. Результат — в /sync.")
            : Pick(lang,
                uz: $"{run} ishga tushmadi: marketpleys o'chirilgan yoki buni qo'llab-quvvatlamaydi.",
                ru: $"Не удалось запустить {run}: маркетплейс выключен или не поддерживает это."), ct, alert: !started);
    }

    private static string Short(string s) => s.Length > 200 ? s[..200] + "…" : s;
}
