using AmazingStore.Bot.Api;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace AmazingStore.Bot.Reports;

/// <summary>Sends a chart as a photo: multipart sendPhoto with the PNG as a file part and the figures as an HTML caption.</summary>
public sealed class ReportPhotos(ITelegramBotClient bot, ILogger<ReportPhotos> log)
{
    public async Task SendAsync(long chatId, byte[] png, string caption, InlineKeyboardMarkup? buttons, CancellationToken ct)
    {
        try { await SendOnceAsync(chatId, png, caption, buttons, ct); }
        catch (BotApiException e) when (e.MigrateToChatId is { } moved)
        {
            log.LogWarning("Telegram chat {Old} is now supergroup {New}; sending the report there (update the configured id)", chatId, moved);
            await SendOnceAsync(moved, png, caption, buttons, ct);
        }
    }

    /// <summary>A reply to an admin's command: one short wait on 429 instead of losing it.</summary>
    public async Task ReplyAsync(long chatId, byte[] png, string caption, CancellationToken ct)
    {
        try { await SendAsync(chatId, png, caption, null, ct); }
        catch (BotApiException e) when (e.IsRateLimited && e.RetryAfter <= TimeSpan.FromSeconds(10))
        {
            await Task.Delay(e.RetryAfter.Value, ct);
            await SendAsync(chatId, png, caption, null, ct);
        }
    }

    // A fresh stream per call: a stream that was sent once cannot be sent again.
    private async Task SendOnceAsync(long chatId, byte[] png, string caption, InlineKeyboardMarkup? buttons, CancellationToken ct)
    {
        await using var stream = new MemoryStream(png, writable: false);
        await bot.SendPhoto(chatId, InputFile.FromStream(stream, "report.png"), caption: caption, parseMode: ParseMode.Html,
            replyMarkup: buttons, cancellationToken: ct);
    }
}
