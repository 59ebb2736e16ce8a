using System.Collections.Concurrent;
using System.Globalization;
using AmazingStore.Data.Signals;

namespace AmazingStore.Web.Auth;

/// <summary>
/// Users this instance has recently seen, by Telegram id, so that an authenticated request does not
/// cost a database round trip. A change to is_admin or is_active made anywhere drops the user here at once
/// (0090's NOTIFY on the <c>users</c> channel); should a notification be missed (the listener down), entries
/// still live only <see cref="Lifetime"/>.
/// </summary>
public sealed class KnownUsers : IDisposable
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<long, (int Id, bool IsAdmin, bool IsActive, long Expires)> _users = new();
    private readonly TimeProvider clock;
    private readonly IDisposable? _subscription;

    public KnownUsers(TimeProvider clock, DbSignals? signals = null)
    {
        this.clock = clock;
        // Null payload: the listener reconnected and may have missed changes.
        _subscription = signals?.Subscribe(DbChannels.Users, payload =>
        {
            if (long.TryParse(payload, NumberStyles.Integer, CultureInfo.InvariantCulture, out var telegramId)) Forget(telegramId);
            else _users.Clear();
        });
    }

    public void Dispose() => _subscription?.Dispose();

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
