using System.Globalization;
using System.Text.Json;

namespace AmazingStore.Web.Marketplaces.Connectors;

/// <summary>
/// Tolerant readers for marketplace replies: where the published spec and real replies disagree
/// (a barcode that is a number here and a string there, renamed fields), both are accepted.
/// </summary>
internal static class JsonRead
{
    public static string? Str(this JsonElement e, params string[] names)
    {
        foreach (var n in names)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(n, out var v)) continue;
            return v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            };
        }
        return null;
    }

    public static decimal? Dec(this JsonElement e, params string[] names) =>
        decimal.TryParse(e.Str(names), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    public static long? Long(this JsonElement e, params string[] names) =>
        long.TryParse(e.Str(names), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) ? l : null;

    public static IEnumerable<JsonElement> Arr(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray() : [];

    public static JsonElement Obj(this JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

    public static async Task<JsonDocument> ReadJsonAsync(this HttpResponseMessage r, CancellationToken ct)
    {
        var text = await r.Content.ReadAsStringAsync(ct);
        try { return JsonDocument.Parse(string.IsNullOrWhiteSpace(text) ? "{}" : text); }
        catch (JsonException) { throw new MarketplaceException($"HTTP {(int)r.StatusCode}: the reply is not JSON"); }
    }
}
