using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>
/// Wildberries' prices host: uploads as tasks (200 with an id, 208 for an upload identical to an earlier
/// one), errors as <c>{"data":null,"error":true,"errorText":"..."}</c>, per-item outcomes only in the
/// upload's details — history once processed (status 2 set, 3 refused with errorText, e.g. quarantine:
/// a new discounted price at least 3× below the old), buffer while processing. All of it limited by
/// WB's token bucket: <see cref="Burst"/> requests at once, one more each <see cref="Interval"/>; a
/// request finding the bucket empty gets 429 and is counted in <see cref="FakeServer.RateViolations"/>.
/// </summary>
public sealed class FakeWbPrices(string token) : FakeServer
{
    public const string Quarantine = "The product is in quarantine";
    public ConcurrentDictionary<long, (long Price, int Discount)> Prices { get; } = new(); // nmID
    /// <summary>Every upload by id: its items with their status (1 buffer, 2 set, 3 refused) and error.</summary>
    public ConcurrentDictionary<long, List<(long NmId, long Price, int Discount, int Status, string Error)>> Uploads { get; } = new();
    /// <summary>While set, uploads stay in the buffer (processing) instead of reaching the history.</summary>
    public volatile bool HoldInBuffer;
    public int Burst { get; set; } = 5;
    public TimeSpan Interval { get; set; } = TimeSpan.FromMilliseconds(600);

    private readonly object _bucketLock = new();
    private double _tokens = double.NaN;
    private DateTime _refilledAt;
    private readonly ConcurrentDictionary<string, long> _uploadBodies = new();
    private long _nextUploadId = 100;

    protected override bool Authorized(RecordedRequest r) => r.Header("Authorization") == token;

    private bool TakeToken()
    {
        lock (_bucketLock)
        {
            var now = DateTime.UtcNow;
            _tokens = double.IsNaN(_tokens) ? Burst : Math.Min(Burst, _tokens + (now - _refilledAt) / Interval);
            _refilledAt = now;
            if (_tokens < 1) return false;
            _tokens -= 1;
            return true;
        }
    }

    private static FakeReply Error(int status, string text) =>
        new(status, new JsonObject { ["data"] = null, ["error"] = true, ["errorText"] = text }.ToJsonString());

    protected override FakeReply Handle(RecordedRequest r)
    {
        if (!TakeToken())
        {
            Interlocked.Increment(ref RateViolations);
            return TooMany();
        }
        if (r.Method == "POST" && r.Path == "/api/v2/upload/task") return Upload(r);
        if (r.Method == "GET" && r.Path is "/api/v2/history/goods/task" or "/api/v2/buffer/goods/task") return Details(r);
        return new FakeReply(404, """{"title":"not found","detail":"path not found","status":404,"statusText":"Not Found"}""");
    }

    private FakeReply Upload(RecordedRequest r)
    {
        var data = JsonNode.Parse(r.Body)?["data"] as JsonArray;
        if (data is null || data.Count is 0 or > 1000) return Error(400, "Invalid data: 1 to 1000 items");
        var items = new List<(long NmId, long Price, int Discount)>();
        foreach (var p in data)
        {
            if (p?["nmID"] is not JsonValue nm || !nm.TryGetValue<long>(out var nmId)) return Error(400, "Invalid nmID");
            if (p["price"] is not JsonValue pv || !pv.TryGetValue<long>(out var price) || price <= 0) return Error(400, $"Invalid price for nmID {nmId}");
            var discount = 0;
            if (p["discount"] is JsonValue dv && (!dv.TryGetValue(out discount) || discount is < 0 or > 99)) return Error(400, $"Invalid discount for nmID {nmId}");
            items.Add((nmId, price, discount));
        }
        var key = data.ToJsonString();
        if (_uploadBodies.TryGetValue(key, out var existing))
            return new FakeReply(208, new JsonObject { ["data"] = new JsonObject { ["id"] = existing, ["alreadyExists"] = true }, ["error"] = false, ["errorText"] = "" }.ToJsonString());
        var id = Interlocked.Increment(ref _nextUploadId);
        _uploadBodies[key] = id;
        Uploads[id] = HoldInBuffer ? items.Select(i => (i.NmId, i.Price, i.Discount, 1, "")).ToList() : Process(items);
        return FakeReply.Ok(new JsonObject { ["data"] = new JsonObject { ["id"] = id, ["alreadyExists"] = false }, ["error"] = false, ["errorText"] = "" }.ToJsonString());
    }

    private List<(long, long, int, int, string)> Process(List<(long NmId, long Price, int Discount)> items) => items.Select(i =>
    {
        static decimal Final(long price, int discount) => price * (100 - discount) / 100m;
        if (Prices.TryGetValue(i.NmId, out var old) && Final(i.Price, i.Discount) * 3 <= Final(old.Price, old.Discount))
            return (i.NmId, i.Price, i.Discount, 3, Quarantine);
        Prices[i.NmId] = (i.Price, i.Discount);
        return (i.NmId, i.Price, i.Discount, 2, "");
    }).ToList();

    /// <summary>Finishes every upload held in the buffer (as WB does a little later).</summary>
    public void ProcessBuffered()
    {
        foreach (var (id, items) in Uploads.Where(u => u.Value.Any(i => i.Status == 1)).ToList())
            Uploads[id] = Process(items.Select(i => (i.NmId, i.Price, i.Discount)).ToList());
    }

    /// <summary>Upload details, paged by limit (1–1000) and offset: history for processed uploads, buffer for the rest.</summary>
    private FakeReply Details(RecordedRequest r)
    {
        if (!long.TryParse(r.Query.GetValueOrDefault("uploadID"), out var id)) return Error(400, "Invalid uploadID");
        if (!int.TryParse(r.Query.GetValueOrDefault("limit"), out var limit) || limit is < 1 or > 1000) return Error(400, "Invalid limit");
        var offset = int.TryParse(r.Query.GetValueOrDefault("offset"), out var o) ? o : 0;
        var history = r.Path.Contains("/history/", StringComparison.Ordinal);
        if (!Uploads.TryGetValue(id, out var items) || items.Any(i => i.Status == 1) == history)
            return Error(400, "Task not found");
        var page = items.Skip(offset).Take(limit).Select(i => (JsonNode)new JsonObject
        {
            ["nmID"] = i.NmId, ["vendorCode"] = "", ["sizeID"] = 0, ["techSizeName"] = "0", ["price"] = i.Price,
            ["currencyIsoCode4217"] = "RUB", ["discount"] = i.Discount, ["clubDiscount"] = 0, ["status"] = i.Status, ["errorText"] = i.Error,
        }).ToArray();
        return FakeReply.Ok(new JsonObject
        {
            ["data"] = new JsonObject { ["uploadID"] = id, [history ? "historyGoods" : "bufferGoods"] = new JsonArray(page) },
            ["error"] = false, ["errorText"] = "",
        }.ToJsonString());
    }
}
