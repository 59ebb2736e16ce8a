using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace AmazingStore.Bot.Telegram.InitData;

/// <summary>
/// Validates Mini App initData as Telegram documents it: every field but <c>hash</c>, sorted by key,
/// joined as <c>key=value</c> lines, HMAC-SHA256 with secret = HMAC-SHA256("WebAppData", bot token).
/// Malformed input is simply invalid, never an exception.
/// </summary>
public static class TelegramInitData
{
    public static InitDataUser? Validate(string? initData, string botToken, TimeSpan maxAge, DateTimeOffset now) =>
        Verify(initData, botToken) is { } signed && IsFresh(signed.AuthDate, maxAge, now) ? signed.User : null;

    /// <summary>What a correctly signed initData says: its user and when Telegram signed it (unix seconds).</summary>
    public sealed record Signed(InitDataUser User, long AuthDate);

    /// <summary>
    /// The signature and contents only, not the age: the same string and token always give the same
    /// answer, so a caller may keep it and check <see cref="IsFresh"/> on each use.
    /// </summary>
    public static Signed? Verify(string? initData, string botToken)
    {
        if (string.IsNullOrEmpty(initData) || string.IsNullOrEmpty(botToken) || initData.Length > 8192) return null;
        var fields = Parse(initData);
        if (fields is null || !fields.Remove("hash", out var hash) || hash.Length != 64) return null;

        byte[] expected;
        try { expected = Convert.FromHexString(hash); }
        catch (FormatException) { return null; }

        var dataCheck = string.Join('\n', fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
        var secret = HMACSHA256.HashData(Encoding.UTF8.GetBytes("WebAppData"), Encoding.UTF8.GetBytes(botToken));
        var actual = HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(dataCheck));
        if (!CryptographicOperations.FixedTimeEquals(actual, expected)) return null;

        if (!fields.TryGetValue("auth_date", out var authDateText) || !long.TryParse(authDateText, out var authDate)) return null;
        return fields.TryGetValue("user", out var userJson) && ParseUser(userJson) is { } user ? new Signed(user, authDate) : null;
    }

    /// <summary>Signed no longer than <paramref name="maxAge"/> ago (zero: any age).</summary>
    public static bool IsFresh(long authDate, TimeSpan maxAge, DateTimeOffset now)
    {
        if (maxAge <= TimeSpan.Zero) return true;
        var age = now - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(authDate, 0, 253402300799));
        // A little clock skew in the client's favour, never a date far in the future.
        return age <= maxAge && age >= TimeSpan.FromMinutes(-5);
    }

    /// <summary>Signs fields the way Telegram does (demo mode and tests use it).</summary>
    public static string Sign(IEnumerable<KeyValuePair<string, string>> fields, string botToken)
    {
        var list = fields.ToList();
        var dataCheck = string.Join('\n', list.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}={f.Value}"));
        var secret = HMACSHA256.HashData(Encoding.UTF8.GetBytes("WebAppData"), Encoding.UTF8.GetBytes(botToken));
        var hash = Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(dataCheck)));
        return string.Join('&', list.Append(new("hash", hash)).Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}"));
    }

    private static Dictionary<string, string>? Parse(string query)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in query.Split('&'))
        {
            if (pair.Length == 0) continue;
            var eq = pair.IndexOf('=');
            if (eq <= 0) return null;
            string key, value;
            try
            {
                key = Uri.UnescapeDataString(pair[..eq].Replace('+', ' '));
                value = Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            }
            catch (UriFormatException) { return null; }
            // A repeated key makes the check string ambiguous; U+0000 cannot be stored (PostgreSQL text refuses it).
            if (key.Contains('\0') || value.Contains('\0') || !fields.TryAdd(key, value)) return null;
        }
        return fields;
    }

    private static InitDataUser? ParseUser(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var u = doc.RootElement;
            if (u.ValueKind != JsonValueKind.Object || !u.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.Number
                || !id.TryGetInt64(out var telegramId) || telegramId <= 0) return null;
            var user = new InitDataUser(telegramId,
                Text(u, "first_name", 100) ?? "",
                Text(u, "last_name", 100),
                Text(u, "username", 100),
                Text(u, "language_code", 10));
            // An escaped U+0000 ("\u0000") in a name: signed or not, the users row could not hold it.
            return $"{user.FirstName}{user.LastName}{user.Username}{user.LanguageCode}".Contains('\0') ? null : user;
        }
        // A lone surrogate escape makes GetString throw InvalidOperationException: invalid, not an error.
        catch (Exception e) when (e is JsonException or InvalidOperationException) { return null; }
    }

    private static string? Text(JsonElement o, string name, int max) =>
        o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? (s.Length > max ? s[..max] : s) : null;
}
