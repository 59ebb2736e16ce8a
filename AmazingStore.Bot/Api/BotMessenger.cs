using AmazingStore.Bot.Rendering;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace AmazingStore.Bot.Api;

/// <summary>Sends HTML texts of any length: split at 4096 characters, the buttons on the last part.</summary>
public sealed class BotMessenger(ITelegramBotClient bot, ILogger<BotMessenger> log)
{
    private static readonly LinkPreviewOptions NoPreview = new() { IsDisabled = true };

    /// <summary>
    /// Sends the parts <paramref name="progress"/> has not seen accepted yet (all of them without one).
    /// A failure leaves the progress at the parts sent, for a retry to resume from.
    /// </summary>
    /// <returns>The last part Telegram accepted in this call (null when all had been sent before).</returns>
    public async Task<Message?> SendAsync(long chatId, string html, InlineKeyboardMarkup? buttons, CancellationToken ct, SendProgress? progress = null)
    {
        progress ??= new SendProgress();
        var parts = Html.Split(html);
        Message? last = null;
        for (var i = progress.PartsSent; i < parts.Count; i++)
        {
            var markup = i == parts.Count - 1 ? buttons : null;
            try
            {
                last = await bot.SendMessage(chatId, parts[i], ParseMode.Html, replyMarkup: markup, linkPreviewOptions: NoPreview, cancellationToken: ct);
            }
            catch (BotApiException e) when (e.MigrateToChatId is { } moved)
            {
                // The group became a supergroup: Telegram says where it is now, so the message still arrives.
                log.LogWarning("Telegram chat {Old} is now supergroup {New}; sending there (update the configured id)", chatId, moved);
                chatId = moved;
                last = await bot.SendMessage(chatId, parts[i], ParseMode.Html, replyMarkup: markup, linkPreviewOptions: NoPreview, cancellationToken: ct);
            }
            await progress.PartSentAsync(ct);
        }
        return last;
    }

    /// <summary>Replies to a user (not outbox work): one short wait on 429 instead of losing the reply.</summary>
    public async Task ReplyAsync(long chatId, string html, InlineKeyboardMarkup? buttons, CancellationToken ct)
    {
        var progress = new SendProgress();
        try { await SendAsync(chatId, html, buttons, ct, progress); }
        catch (BotApiException e) when (e.IsRateLimited && e.RetryAfter <= TimeSpan.FromSeconds(10))
        {
            await Task.Delay(e.RetryAfter.Value, ct);
            // From the part that was refused: the ones before it are in the chat already.
            await SendAsync(chatId, html, buttons, ct, progress);
        }
    }

    /// <summary>A short reply with a reply keyboard (e.g. the request_contact button) or its removal.</summary>
    public Task AskAsync(long chatId, string html, ReplyMarkup keyboard, CancellationToken ct) =>
        bot.SendMessage(chatId, html, ParseMode.Html, replyMarkup: keyboard, linkPreviewOptions: NoPreview, cancellationToken: ct);

    public async Task EditAsync(long chatId, int messageId, string html, InlineKeyboardMarkup? buttons, CancellationToken ct)
    {
        // An order message is far below 4096 characters; cut defensively rather than fail the edit.
        try { await bot.EditMessageText(chatId, messageId, Html.Split(html)[0], ParseMode.Html, buttons, NoPreview, cancellationToken: ct); }
        catch (BotApiException e) when (e.IsMessageNotModified) { /* it already says this */ }
    }

    public async Task AnswerAsync(string callbackQueryId, string? text, CancellationToken ct, bool alert = false)
    {
        try { await bot.AnswerCallbackQuery(callbackQueryId, text, alert, cancellationToken: ct); }
        // A callback older than ~15 minutes cannot be answered any more; the work itself is done.
        catch (BotApiException e) when (e.ErrorCode == 400) { }
    }
}
