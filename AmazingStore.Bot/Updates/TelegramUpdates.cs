using System.Text.Json;
using System.Text.Json.Nodes;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace AmazingStore.Bot.Updates;

/// <summary>
/// Reads an update as Telegram sent it into Telegram.Bot's types, with the library's own JSON options
/// (never the host's: those shape the store API's replies). Fields and update kinds the library does not
/// know are skipped by it. A part it cannot read at all (a "type" newer than the library, inside a
/// message say) would lose the whole update, so then only what the bot acts on is read: the message's
/// chat, sender and text, and the button press.
/// </summary>
public static class TelegramUpdates
{
    private static readonly string[] MessageFields = ["message_id", "date", "chat", "from", "text", "successful_payment"];
    private static readonly string[] PreCheckoutFields = ["id", "from", "currency", "total_amount", "invoice_payload"];
    private static readonly string[] CallbackFields = ["id", "from", "chat_instance", "data"];

    /// <summary>The update, or null when this is not one (not an object, no positive integer update_id).</summary>
    public static Update? Read(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) return null;
        if (TryRead(json) is { } update) return update;
        var essentials = new JsonObject();
        if (json.TryGetProperty("update_id", out var id)) essentials["update_id"] = JsonValue.Create(id);
        if (json.TryGetProperty("message", out var message)) essentials["message"] = Pick(message, MessageFields);
        if (json.TryGetProperty("callback_query", out var query) && Pick(query, CallbackFields) is { } pressed)
        {
            if (query.TryGetProperty("message", out var under)) pressed["message"] = Pick(under, MessageFields);
            essentials["callback_query"] = pressed;
        }
        if (json.TryGetProperty("pre_checkout_query", out var checkout)) essentials["pre_checkout_query"] = Pick(checkout, PreCheckoutFields);
        return TryRead(JsonSerializer.SerializeToElement(essentials));
    }

    public static Update? Read(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            return Read(doc.RootElement);
        }
        catch (JsonException) { return null; }
    }

    private static Update? TryRead(JsonElement json)
    {
        try { return json.Deserialize<Update>(JsonBotAPI.Options) is { Id: > 0 } update ? update : null; }
        // Untrusted input: whatever the library's converters throw on it means "cannot read this".
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException or FormatException
            or NotSupportedException or ArgumentException or OverflowException)
        {
            return null;
        }
    }

    private static JsonObject? Pick(JsonElement from, string[] fields)
    {
        if (from.ValueKind != JsonValueKind.Object) return null;
        var picked = new JsonObject();
        foreach (var field in fields)
            if (from.TryGetProperty(field, out var value)) picked[field] = JsonNode.Parse(value.GetRawText());
        return picked;
    }
}
