using System.Text.Json;
using System.Text.Json.Serialization;

namespace AmazingStore.Web.Infrastructure;

/// <summary>
/// U+0000 in text a client sends is refused with 400 <c>invalid_text</c>, in one place for every endpoint:
/// PostgreSQL cannot store it in text or jsonb (22021/22P05), so it used to surface as a 500 from whichever
/// statement met it first. JSON bodies are checked while they are read (the converters below, set
/// globally), query strings before routing (<see cref="UseNulTextCheck"/>); initData is checked where
/// it is verified (TelegramInitData).
/// </summary>
public static class NulText
{
    public const string Code = "invalid_text";
    public const string Message = "must not contain the character U+0000.";

    public static void AddNulTextConverters(this JsonSerializerOptions options)
    {
        options.Converters.Add(new StringConverter());
        options.Converters.Add(new ElementConverter());
    }

    /// <summary>
    /// A query string can only carry a NUL as %00 (the request line cannot hold the raw byte); a path
    /// carries it decoded, into route values such as a marketplace slug that a query then looks up.
    /// </summary>
    public static void UseNulTextCheck(this IApplicationBuilder app) => app.Use((http, next) =>
        http.Request.QueryString.Value is { } q && q.Contains("%00", StringComparison.Ordinal) ? Problem(QueryField(http.Request.Query)).ExecuteAsync(http)
        : http.Request.Path.Value is { } p && p.Contains('\0') ? Problem("path").ExecuteAsync(http)
        : next(http));

    /// <summary>The parameter that holds the NUL, named like any invalid field; "query" when its name itself has one.</summary>
    private static string QueryField(IQueryCollection query) =>
        query.FirstOrDefault(kv => kv.Value.Any(v => v is not null && v.Contains('\0'))).Key is { } key && !key.Contains('\0') ? key : "query";

    public static Microsoft.AspNetCore.Http.HttpResults.ProblemHttpResult Problem(string field) =>
        Problems.Of(StatusCodes.Status400BadRequest, Code, "The request is not valid", "Text " + Message,
            [new("errors", new Dictionary<string, string[]> { [field] = [field + " " + Message] })]);

    /// <summary>
    /// The field a JSON path names, as validation errors name fields: its first property
    /// ("$.settings.warehouse_id" → settings, "$[2].marketplace_sku" → marketplace_sku); "body" for none.
    /// </summary>
    public static string FieldOf(string? path)
    {
        if (path is null) return "body";
        var dot = path.IndexOf('.');
        if (dot < 0) return "body";
        var end = path.IndexOfAny(['.', '['], dot + 1);
        var name = end < 0 ? path[(dot + 1)..] : path[(dot + 1)..end];
        return name.Length > 0 ? name : "body";
    }

    /// <summary>What the exception handler recognises: the converters' refusal, with the JSON path of the field.</summary>
    public sealed class RejectedException() : JsonException("Text " + NulText.Message);

    private static string Checked(string value) => value.Contains('\0') ? throw new RejectedException() : value;

    // A lone surrogate escape makes GetString throw InvalidOperationException: a malformed body, not a 500.
    private static string ReadChecked(Func<string?> get)
    {
        try { return Checked(get() ?? ""); }
        catch (InvalidOperationException e) { throw new JsonException("The text is not valid UTF-16.", e); }
    }

    private sealed class StringConverter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String
                ? ReadString(ref reader)
                : throw new JsonException("Expected a string.");

        private static string ReadString(ref Utf8JsonReader reader)
        {
            try { return Checked(reader.GetString()!); }
            catch (InvalidOperationException e) { throw new JsonException("The text is not valid UTF-16.", e); }
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        // Dictionary keys (marketplace settings and credentials) are text that gets stored too.
        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            ReadString(ref reader);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value);
    }

    /// <summary>Free-form JSON (marketplace settings) is stored as jsonb, which refuses \u0000 anywhere.</summary>
    private sealed class ElementConverter : JsonConverter<JsonElement>
    {
        public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var doc = JsonDocument.ParseValue(ref reader);
            Check(doc.RootElement);
            return doc.RootElement.Clone();
        }

        public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);

        private static void Check(JsonElement e)
        {
            switch (e.ValueKind)
            {
                case JsonValueKind.String: ReadChecked(e.GetString); break;
                case JsonValueKind.Array: foreach (var i in e.EnumerateArray()) Check(i); break;
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject()) { ReadChecked(() => p.Name); Check(p.Value); }
                    break;
            }
        }
    }
}
