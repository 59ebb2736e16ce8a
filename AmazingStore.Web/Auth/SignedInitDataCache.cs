using System.Collections.Concurrent;
using AmazingStore.Bot.Telegram.InitData;

namespace AmazingStore.Web.Auth;

/// <summary>
/// initData strings whose signature this instance has already checked. A Mini App sends the same
/// string with every call, and checking it (parse, sort, two HMACs, the user's JSON) was about a
/// twentieth of the host's CPU under the checkout benchmark. Only correctly signed strings are kept
/// and the age is checked on every use. One signed payload can be spelled many ways (field order,
/// escapes, empty pairs), each a separate entry, so entries are short and few: a caller churning
/// spellings costs this instance its shortcut, not its memory (at most 4 096 × 2 KB strings).
/// </summary>
public sealed class SignedInitDataCache
{
    private const int MaxEntries = 4096, MaxLength = 2048;
    private int _count;
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
            if (initData.Length > MaxLength) return Fresh(signed, maxAge, now);
            // Bounded: past the cap it starts over rather than grow (entries are cheap to rebuild).
            // The count is approximate: ConcurrentDictionary.Count takes every lock.
            if (Interlocked.Increment(ref _count) > MaxEntries)
            {
                _entries.Clear();
                Interlocked.Exchange(ref _count, 1);
            }
            _entries[initData] = (botToken, signed);
        }
        return Fresh(signed, maxAge, now);
    }

    private static InitDataUser? Fresh(TelegramInitData.Signed signed, TimeSpan maxAge, DateTimeOffset now) =>
        TelegramInitData.IsFresh(signed.AuthDate, maxAge, now) ? signed.User : null;
}
