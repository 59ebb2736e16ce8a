using System.Globalization;
using System.Text.Json;
using AmazingStore.Bot.Commands;
using AmazingStore.Bot.Reports;
using AmazingStore.Data;
using AmazingStore.Data.Outbox;
using AmazingStore.Data.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AmazingStore.Bot.Notifications;

/// <summary>
/// The owner's daily digest: one Tashkent date's report as a chart with the figures in its caption. The row is
/// written once per date (dedupe key owner_digest:{date}, by the daily job), so the digest goes once a day
/// however many instances or retries run the job; a failed send is retried by the outbox.
/// </summary>
public sealed class OwnerDigestHandler(IServiceScopeFactory scopes, SalesReports reports, ReportPhotos photos, IOptions<TelegramOptions> options)
    : IOutboxHandler
{
    public string Type => OutboxTypes.OwnerDigest;

    public async Task HandleAsync(OutboxItem item, CancellationToken ct)
    {
        var ownerChatId = OwnerChat.Require(options.Value);
        var date = PayloadDate(item.Payload);
        string lang;
        await using (var scope = scopes.CreateAsyncScope())
            lang = await OwnerChat.LanguageAsync(scope.ServiceProvider.GetRequiredService<StoreDb>(), ownerChatId, ct);
        var report = await reports.BuildAsync(date, date, lang, ct);
        var caption = ReportCaption.Render(report, lang, BotTexts.Pick(lang, uz: "Kunlik hisobot", ru: "Итоги дня"));
        await BotDelivery.RunAsync(() => photos.SendAsync(ownerChatId, ReportChart.RenderPng(report), caption, null, ct));
    }

    private static DateOnly PayloadDate(string payload)
    {
        try
        {
            using var doc = JsonDocument.Parse(payload);
            return DateOnly.ParseExact(doc.RootElement.GetProperty("date").GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentNullException)
        {
            throw new OutboxPermanentFailureException($"malformed payload: {e.Message}");
        }
    }
}
