using System.Collections.Concurrent;
using System.Text.Json;
using AmazingStore.Data.Signals;
using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Catalog;

/// <summary>A cached anonymous reply: the object (to overlay favorites on) and its JSON, serialized once.</summary>
public sealed record CachedReply(object Reply, byte[] Json);

/// <summary>
/// Anonymous catalog replies kept in memory until the catalog or stock changes anywhere: the
/// <c>catalog</c> NOTIFY (fired by triggers, delivered on commit) empties it on every instance.
/// While the listener is down nothing is cached, since a change could go unheard.
/// </summary>
public sealed class CatalogCache : IDisposable
{
    private readonly ConcurrentDictionary<string, CachedReply> _entries = new(StringComparer.Ordinal);
    private readonly DbSignals _signals;
    private readonly IDisposable _subscription;
    private readonly JsonSerializerOptions _json;
    private readonly int _maxEntries;
    private long _generation;

    public CatalogCache(DbSignals signals, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IOptions<CatalogOptions> options)
    {
        _signals = signals;
        _json = json.Value.SerializerOptions;
        _maxEntries = Math.Max(0, options.Value.CacheEntries);
        _maxAgeMs = (long)(Math.Max(1, options.Value.CacheMaxAgeSeconds) * 1000);
        // A null payload means the listener reconnected and may have missed changes: clear as well.
        _subscription = signals.Subscribe(DbChannels.Catalog, _ => Clear());
    }

    private int _count;
    private readonly long _maxAgeMs;
    private long _clearedAtMs = Environment.TickCount64;

    private void ExpireIfOld()
    {
        if (Environment.TickCount64 - Volatile.Read(ref _clearedAtMs) > _maxAgeMs) Clear();
    }

    public int Count => _entries.Count;

    /// <summary>Taken before reading the database; <see cref="Store"/> refuses replies read before a change.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    public bool TryGet(string key, out CachedReply entry)
    {
        ExpireIfOld();
        return _entries.TryGetValue(key, out entry!);
    }

    /// <summary>The cached reply, or the loaded one (kept unless it is null or the catalog changed meanwhile).</summary>
    public async ValueTask<CachedReply?> GetOrLoadAsync<T>(string key, Func<CancellationToken, Task<T?>> load, CancellationToken ct)
        where T : class
    {
        if (TryGet(key, out var hit)) return hit;
        var generation = Generation;
        return await load(ct) is { } reply ? Store(key, reply, generation) : null;
    }

    /// <summary>Serializes the reply once and keeps it if nothing changed since <paramref name="generation"/>.</summary>
    public CachedReply Store(string key, object reply, long generation)
    {
        var entry = new CachedReply(reply, JsonSerializer.SerializeToUtf8Bytes(reply, reply.GetType(), _json));
        // Bounded: when full, new keys wait for the next change to empty it (a flood of one-off
        // searches cannot grow memory).
        // An approximate count: ConcurrentDictionary.Count takes every lock, too dear on a hot path.
        if (!_signals.Listening || generation != Generation || Volatile.Read(ref _count) >= _maxEntries) return entry;
        if (_entries.TryAdd(key, entry)) Interlocked.Increment(ref _count);
        // A Clear() that ran between the check and the write must win.
        if (generation != Generation) _entries.TryRemove(key, out _);
        return entry;
    }

    public void Clear()
    {
        Volatile.Write(ref _clearedAtMs, Environment.TickCount64);
        Interlocked.Increment(ref _generation);
        _entries.Clear();
        Volatile.Write(ref _count, 0);
    }

    public void Dispose() => _subscription.Dispose();
}
