using AmazingStore.Data.Signals;
using Npgsql;

namespace AmazingStore.Data.Delivery;

/// <summary>
/// The active delivery zones as checkout needs them, read once and kept until a change to delivery_zones is heard
/// (0088's NOTIFY); this saves checkout a database round trip per order. Like the catalog cache, nothing is kept
/// while the listener is down, since a change could then go unheard.
/// </summary>
public sealed class DeliveryZoneCache : IDisposable
{
    private readonly DbSignals _signals;
    private readonly IDisposable _subscription;
    private readonly Lock _gate = new();
    private IReadOnlyList<DeliveryZone>? _active;
    private long _generation;

    public DeliveryZoneCache(DbSignals signals)
    {
        _signals = signals;
        // Null: the listener reconnected and may have missed a change.
        _subscription = signals.Subscribe(DbChannels.Catalog, payload => { if (payload is null or "delivery_zones") Clear(); });
    }

    public async ValueTask<IReadOnlyList<DeliveryZone>> ActiveAsync(NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (Volatile.Read(ref _active) is { } cached) return cached;
        long generation;
        lock (_gate) generation = _generation;
        var loaded = await DeliveryZones.ReadActiveAsync(dataSource, ct);
        // A change heard while we read wins: the copy read before it is not kept.
        lock (_gate) if (generation == _generation && _signals.Listening) Volatile.Write(ref _active, loaded);
        return loaded;
    }

    public void Clear()
    {
        lock (_gate)
        {
            _generation++;
            Volatile.Write(ref _active, null);
        }
    }

    public void Dispose() => _subscription.Dispose();
}
