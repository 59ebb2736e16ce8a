using System.Collections.Concurrent;
using AmazingStore.Bot.Telegram.InitData;

namespace AmazingStore.Web.Auth;

/// <summary>
/// initData strings whose signature this instance has already checked. A Mini App sends the same
/// string with every call, and checking it (parse, sort, two HMACs, the user's JSON) was about a
/// twentieth of the host's CPU under the checkout benchmark. Only correctly signed strings are kept,
/// so a caller cannot fill it without the bot token; the age is checked on every use.
/// </summary>
public sealed class SignedInitDataCache
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, (string Token, TelegramInitData.Signed Signed)> _entries = new(StringComparer.Ordinal);

    public InitDataUser? Validate(string initData, string botToken, TimeSpan maxAge, DateTimeOffset now)
    {
        TelegramInitData.Signed signed;
        // Keyed by the exact string; a changed bot token makes every kept entry a miss.
        if (_entries.TryGetValue(initData, out var hit) && string.Equals(hit.Token, botToken, StringComparison.Ordinal))
            signed = hit.Signed;
        else
        {
            if (TelegramInitData.Verify(initData, botToken) is not { } verified) return null;
            signed = verified;
            // Bounded: past the cap it starts over rather than grow (entries are cheap to rebuild).
            if (_entries.Count >= MaxEntries) _entries.Clear();
            _entries[initData] = (botToken, signed);
        }
        return TelegramInitData.IsFresh(signed.AuthDate, maxAge, now) ? signed.User : null;
    }
}
