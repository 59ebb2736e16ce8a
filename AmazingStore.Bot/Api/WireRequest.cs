using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Telegram.Bot;
using Telegram.Bot.Requests.Abstractions;
using Telegram.Bot.Types.Enums;

namespace AmazingStore.Bot.Api;

/// <summary>
/// A library request as it goes on the wire, with two differences. parse_mode is spelled as the Bot API
/// documents it ("HTML"; the library writes "Html", which Telegram reads case-insensitively, but the
/// store's traffic stays what it was and what the docs show). And the result can be read as another
/// type: getUpdates as raw JSON, so that one update the library cannot read yet does not fail the batch.
/// </summary>
public sealed class WireRequest<TResult>(IRequest inner) : IRequest<TResult>
{
    public IRequest Inner { get; } = inner;

    public HttpMethod HttpMethod => Inner.HttpMethod;
    public string MethodName => Inner.MethodName;
    public bool IsWebhookResponse { get => Inner.IsWebhookResponse; set => Inner.IsWebhookResponse = value; }

    public HttpContent? ToHttpContent()
    {
        var content = Inner.ToHttpContent();
        if (content is not JsonContent) return content; // no body, or multipart with files
        content.Dispose();
        return JsonContent.Create(Inner, Inner.GetType(), options: WireJson.Options);
    }
}

internal static class WireJson
{
    /// <summary>The library's Bot API options (snake_case, defaults left out) with parse_mode as documented.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonBotAPI.Options) { Converters = { new DocumentedParseMode() } };

    private sealed class DocumentedParseMode : JsonConverter<ParseMode>
    {
        public override ParseMode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Enum.TryParse<ParseMode>(reader.GetString(), ignoreCase: true, out var mode) ? mode : ParseMode.None;

        public override void Write(Utf8JsonWriter writer, ParseMode value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value switch
            {
                ParseMode.Html => "HTML",
                ParseMode.MarkdownV2 => "MarkdownV2",
                ParseMode.Markdown => "Markdown",
                _ => value.ToString(),
            });
    }
}
