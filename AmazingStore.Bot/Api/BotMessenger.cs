using AmazingStore.Bot.Rendering;

namespace AmazingStore.Bot.Api;

/// <summary>Sends HTML texts of any length: split at 4096 characters, the buttons on the last part.</summary>
public sealed class BotMessenger(BotApiClient api)
{
    public async Task<Message> SendAsync(long chatId, string html, InlineKeyboardMarkup? buttons, CancellationToken ct)
    {
        var parts = Html.Split(html);
        Message? last = null;
        for (var i = 0; i < parts.Count; i++)
            last = await api.SendMessageAsync(chatId, parts[i], i == parts.Count - 1 ? buttons : null, ct);
        return last!;
    }

    /// <summary>Replies to a user (not outbox work): one short wait on 429 instead of losing the reply.</summary>
    public async Task<Message> ReplyAsync(long chatId, string html, InlineKeyboardMarkup? buttons, CancellationToken ct)
    {
        try { return await SendAsync(chatId, html, buttons, ct); }
        catch (BotApiException e) when (e.IsRateLimited && e.RetryAfter <= TimeSpan.FromSeconds(10))
        {
            await Task.Delay(e.RetryAfter.Value, ct);
            return await SendAsync(chatId, html, buttons, ct);
        }
    }

    public Task EditAsync(long chatId, long messageId, string html, InlineKeyboardMarkup? buttons, CancellationToken ct) =>
        // An order message is far below 4096 characters; cut defensively rather than fail the edit.
        api.EditMessageTextAsync(chatId, messageId, Html.Split(html)[0], buttons, ct);

    public async Task AnswerAsync(string callbackQueryId, string? text, CancellationToken ct, bool alert = false)
    {
        try { await api.AnswerCallbackQueryAsync(callbackQueryId, text, alert, ct); }
        // A callback older than ~15 minutes cannot be answered any more; the work itself is done.
        catch (BotApiException e) when (e.ErrorCode == 400) { }
    }
}
