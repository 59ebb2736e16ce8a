using System.Collections.Concurrent;

namespace AmazingStore.Web.Auth;

/// <summary>
/// Users this instance has recently seen, by Telegram id, so that an authenticated request does not
/// cost a database round trip. Entries live briefly: a change to is_admin or is_active made by
/// another instance is seen within <see cref="Lifetime"/>.
/// </summary>
public sealed class KnownUsers(TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<long, (int Id, bool IsAdmin, bool IsActive, long Expires)> _users = new();

    public bool TryGet(long telegramId, out (int Id, bool IsAdmin, bool IsActive) user)
    {
        if (_users.TryGetValue(telegramId, out var e) && e.Expires > clock.GetTimestamp())
        {
            user = (e.Id, e.IsAdmin, e.IsActive);
            return true;
        }
        user = default;
        return false;
    }

    /// <summary>After a change to the user's flags here: the next request reads them again.</summary>
    public void Forget(long telegramId) => _users.TryRemove(telegramId, out _);

    public void Remember(long telegramId, (int Id, bool IsAdmin, bool IsActive) user)
    {
        // Bounded: past the cap the map starts over rather than grow without end.
        if (_users.Count >= MaxEntries) _users.Clear();
        _users[telegramId] = (user.Id, user.IsAdmin, user.IsActive, clock.GetTimestamp() + (long)(Lifetime.TotalSeconds * clock.TimestampFrequency));
    }
}
