using System.Text.Json;

namespace AmazingStore.Web.Marketplaces.Connectors;

/// <summary>What a connector needs to talk to one marketplace: its row's URL and settings, and the decrypted credentials.</summary>
public sealed record MarketplaceContext(
    int Id,
    string Slug,
    string BaseUrl,
    IReadOnlyDictionary<string, string> Settings,
    IReadOnlyDictionary<string, string> Credentials,
    int SafetyBuffer)
{
    public string? Setting(string key) => Settings.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    public string Credential(string key) =>
        Credentials.TryGetValue(key, out var v) && !string.IsNullOrEmpty(v) ? v
            : throw new MarketplaceException($"{Slug}: credential {key} is not set");

    public Uri Url(string path, string? baseUrl = null) => new((baseUrl ?? BaseUrl).TrimEnd('/') + path);

    /// <summary>Settings are a JSON object; numbers and strings are both accepted as text.</summary>
    public static IReadOnlyDictionary<string, string> ParseSettings(string json)
    {
        var result = new Dictionary<string, string>();
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        if (doc.RootElement.ValueKind != JsonValueKind.Object) return result;
        foreach (var p in doc.RootElement.EnumerateObject())
            result[p.Name] = p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText();
        return result;
    }
}

/// <summary>A marketplace call that failed as a whole (after retries), with a message safe to log.</summary>
public sealed class MarketplaceException(string message, Exception? inner = null) : Exception(message, inner);
