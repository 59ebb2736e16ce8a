using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AmazingStore.Bot;
using AmazingStore.Bot.Updates;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Telegram;

/// <summary>
/// POST /telegram/webhook: checks Telegram's secret header, reads the update with Telegram.Bot's types
/// and JSON options (<see cref="TelegramUpdates"/>; the host's JSON options stay the store API's), records
/// it by update_id and answers at once; <see cref="UpdateWorker"/> handles it in the background. A re-sent update is
/// recorded once and answered 200 again, so Telegram stops re-sending it.
/// </summary>
public static class TelegramWebhookApi
{
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    public static void MapTelegramWebhookApi(this WebApplication app) =>
        app.MapPost("/telegram/webhook", ReceiveAsync)
            .WithName("TelegramWebhook")
            .WithTags("Telegram")
            .DisableAntiforgery()
            .ExcludeFromDescription();

    private static async Task<Results<Ok, ProblemHttpResult>> ReceiveAsync(
        HttpRequest request, IOptions<TelegramOptions> options, IServiceProvider services, CancellationToken ct)
    {
        var o = options.Value;
        if (!o.Enabled || services.GetService<UpdateInbox>() is not { } inbox)
            return Problems.NotFound("The Telegram webhook");
        if (!SecretMatches(request.Headers[SecretHeader].ToString(), o.WebhookSecret))
            return Problems.Of(StatusCodes.Status401Unauthorized, "invalid_webhook_secret", "Unauthorized",
                "The X-Telegram-Bot-Api-Secret-Token header is missing or wrong.");

        JsonDocument doc;
        try { doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct); }
        catch (JsonException) { return Problems.Validation("body", "Not a JSON Telegram update."); }
        using (doc)
        {
            // Read with Telegram.Bot's types; kept as sent, so fields the library does not know yet stay in the row.
            if (TelegramUpdates.Read(doc.RootElement) is not { } update)
                return Problems.Validation("update_id", "A Telegram update has an integer update_id.");
            await inbox.RecordAsync(update.Id, doc.RootElement.GetRawText(), ct);
        }
        return TypedResults.Ok();
    }

    /// <summary>
    /// Constant time, including the length: both sides are hashed first. No configured secret
    /// means no caller can be trusted, so everything is refused.
    /// </summary>
    private static bool SecretMatches(string given, string expected)
    {
        if (string.IsNullOrEmpty(expected) || string.IsNullOrEmpty(given)) return false;
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }
}
