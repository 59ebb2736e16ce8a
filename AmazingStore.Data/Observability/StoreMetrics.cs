using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace AmazingStore.Data.Observability;

/// <summary>
/// The store's own measurements (meter "AmazingStore"), exported for Prometheus by the host. Instruments are
/// no-ops until a listener subscribes, so code paths pay nothing when metrics are off.
/// </summary>
public static class StoreMetrics
{
    public const string MeterName = "AmazingStore";
    private static readonly Meter Meter = new(MeterName);

    private static readonly Counter<long> OrdersPlaced = Meter.CreateCounter<long>("amazing_store.orders.placed", "{order}",
        "Orders committed, by channel (amazing-store, uzum, wildberries, ozon)");
    private static readonly Counter<long> SyncRuns = Meter.CreateCounter<long>("amazing_store.marketplace.sync.runs", "{run}",
        "Marketplace sync runs, by marketplace, type and status");
    private static readonly Counter<long> SyncItemsFailed = Meter.CreateCounter<long>("amazing_store.marketplace.sync.items_failed", "{item}",
        "Items a marketplace refused in a sync run, by marketplace and type");
    private static readonly Counter<long> BotApiErrors = Meter.CreateCounter<long>("amazing_store.bot_api.errors", "{error}",
        "Bot API calls that failed, by method and kind");

    /// <summary>Called once the order's transaction committed.</summary>
    public static void OrderPlaced(string channel) => OrdersPlaced.Add(1, new KeyValuePair<string, object?>("channel", channel));

    public static void SyncRun(string marketplace, string type, string status, int itemsFailed)
    {
        var tags = new TagList { { "marketplace", marketplace }, { "type", type } };
        if (itemsFailed > 0) SyncItemsFailed.Add(itemsFailed, tags);
        tags.Add("status", status);
        SyncRuns.Add(1, tags);
    }

    public static void BotApiError(string method, string kind) =>
        BotApiErrors.Add(1, new KeyValuePair<string, object?>("method", method), new KeyValuePair<string, object?>("kind", kind));

    /// <summary>The outbox backlog of each store database this process serves (one in production; tests run several hosts).</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<object, (string Database, Func<OutboxReading?> Read)> Outboxes = new();

    public sealed record OutboxReading(long Waiting, double OldestSeconds);

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<object, (string Circuit, Func<bool> IsOpen)> Circuits = new();

    /// <summary>Adds a circuit breaker (e.g. the Bot API's) to the gauge amazing_store.circuit.open until disposed.</summary>
    public static IDisposable WatchCircuit(string circuit, Func<bool> isOpen) => Watch(Circuits, (circuit, isOpen));

    static StoreMetrics()
    {
        Meter.CreateObservableGauge("amazing_store.circuit.open", () => Circuits.Values
                .Select(c => new Measurement<int>(c.IsOpen() ? 1 : 0, new KeyValuePair<string, object?>("circuit", c.Circuit))).ToList(),
            null, "1 while a circuit breaker is open (calls fail at once), by circuit");
        Meter.CreateObservableGauge("amazing_store.outbox.backlog", () => Observe(r => (double)r.Waiting), "{message}",
            "Outbox rows waiting to be delivered (pending or in progress), by database");
        Meter.CreateObservableGauge("amazing_store.outbox.oldest_age", () => Observe(r => r.OldestSeconds), "s",
            "Age of the oldest outbox row waiting to be delivered, by database");
    }

    private static IEnumerable<Measurement<double>> Observe(Func<OutboxReading, double> pick) =>
        Outboxes.Values.Select(o => (o.Database, Reading: o.Read())).Where(o => o.Reading is not null)
            .Select(o => new Measurement<double>(pick(o.Reading!), new KeyValuePair<string, object?>("database", o.Database))).ToList();

    /// <summary>Adds a database's outbox to the gauges until the returned handle is disposed.</summary>
    public static IDisposable WatchOutbox(string database, Func<OutboxReading?> read) => Watch(Outboxes, (database, read));

    /// <summary>A source the gauges read until the returned handle is disposed (its host stopped).</summary>
    private static IDisposable Watch<T>(System.Collections.Concurrent.ConcurrentDictionary<object, T> sources, T source)
    {
        var key = new object();
        sources[key] = source;
        return new Unwatch(() => sources.TryRemove(key, out _));
    }

    private sealed class Unwatch(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
