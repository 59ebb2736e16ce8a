using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>
/// Wildberries' marketplace API host as documented: chrtId key (sku refused), 1–1000 per request, 204
/// success, 409 array bodies costing 10 requests, one FBS task per unit with prices ×100, the task list
/// paged by <c>next</c>, statuses by task id (≤ 1000). Prices and cards are on their own hosts
/// (<see cref="PricesApi"/>, <see cref="ContentApi"/>): sent here they get 404, as at WB.
/// </summary>
public sealed class FakeWildberries(string token) : FakeServer
{
    public FakeWbPrices PricesApi { get; } = new(token);
    public FakeWbContent ContentApi { get; } = new(token);
    public ConcurrentDictionary<long, int> Stock { get; } = new();                  // chrtId -> amount
    /// <summary>Prices set on the prices host, by nmID.</summary>
    public ConcurrentDictionary<long, (long Price, int Discount)> Prices => PricesApi.Prices;
    /// <summary>When set, a task list page holds at most this many tasks whatever the limit asked.</summary>
    public int? PageCap { get; set; }
    public ConcurrentQueue<int> StatusBatchSizes { get; } = new();
    public ConcurrentDictionary<long, JsonObject> Tasks { get; } = new();
    public ConcurrentDictionary<long, (string Supplier, string Wb)> Statuses { get; } = new();
    public ConcurrentQueue<int> StockBatchSizes { get; } = new();
    /// <summary>chrtIds this seller does not have: a stock request naming one is refused whole (409 NotFound).</summary>
    public ConcurrentDictionary<long, bool> Unknown { get; } = new();

    protected override int ConflictCost => 10;
    protected override bool Authorized(RecordedRequest r) => r.Header("Authorization") == token;

    protected override FakeReply Handle(RecordedRequest r)
    {
        if (r.Method == "PUT" && r.Path.StartsWith("/api/v3/stocks/", StringComparison.Ordinal))
        {
            var stocks = JsonNode.Parse(r.Body)?["stocks"]?.AsArray();
            if (stocks is null || stocks.Count is 0 or > 1000) return new FakeReply(400, """{"code":"IncorrectRequestBody","message":"Incorrect required body"}""");
            if (stocks.Any(s => s!["sku"] is not null))
                return new FakeReply(409, """[{"code":"SKUUploadDisabled","message":"Uploading stock is not allowed by 'sku'. Please use the 'chrtId' key"}]""");
            if (stocks.Any(s => s!["amount"]!.GetValue<int>() > 100000))
                return new FakeReply(409, """[{"code":"UploadDataLimit","message":"Upload limit exceeded.","data":[]}]""");
            var unknown = stocks.Where(s => s!["chrtId"] is { } c && Unknown.ContainsKey(c.GetValue<long>())).ToList();
            if (unknown.Count > 0)
                return new FakeReply(409, new JsonArray(new JsonObject
                {
                    ["code"] = "NotFound", ["message"] = "Not found",
                    ["data"] = new JsonArray(unknown.Select(s => (JsonNode)new JsonObject { ["chrtId"] = s!["chrtId"]!.GetValue<long>(), ["amount"] = s["amount"]!.GetValue<int>() }).ToArray()),
                }).ToJsonString());
            StockBatchSizes.Enqueue(stocks.Count);
            foreach (var s in stocks) if (s!["chrtId"] is { } id) Stock[id.GetValue<long>()] = s["amount"]!.GetValue<int>();
            return new FakeReply(204);
        }
        if (r.Method == "GET" && r.Path == "/api/v3/orders/new")
            return FakeReply.Ok(new JsonObject { ["orders"] = new JsonArray(Tasks.Values.Where(t => Statuses[t["id"]!.GetValue<long>()].Supplier == "new").Select(t => (JsonNode)t.DeepClone()).ToArray()) }.ToJsonString());
        if (r.Method == "GET" && r.Path == "/api/v3/orders")
            return ListOrders(r);
        if (r.Method == "POST" && r.Path == "/api/v3/orders/status")
        {
            var ids = JsonNode.Parse(r.Body)!["orders"]!.AsArray().Select(i => i!.GetValue<long>()).ToList();
            if (ids.Count is 0 or > 1000) return new FakeReply(400, """{"code":"IncorrectRequestBody","message":"Incorrect required body"}""");
            StatusBatchSizes.Enqueue(ids.Count);
            return FakeReply.Ok(new JsonObject
            {
                ["orders"] = new JsonArray(ids.Where(Statuses.ContainsKey).Select(i => (JsonNode)new JsonObject
                    { ["id"] = i, ["supplierStatus"] = Statuses[i].Supplier, ["wbStatus"] = Statuses[i].Wb }).ToArray()),
            }.ToJsonString());
        }
        return new FakeReply(404, """{"code":"NotFound","message":"not found"}""");
    }

    /// <summary>
    /// <c>GET /api/v3/orders</c>: tasks created in [dateFrom, dateTo] (Unix seconds, at most 30 days apart,
    /// dateTo defaulting to now) in id order after <c>next</c>, <c>limit</c> (1–1000) of them — or
    /// <see cref="PageCap"/>, when set, so a test sees several pages; the reply's <c>next</c> is the last id
    /// sent, to be passed back.
    /// </summary>
    private FakeReply ListOrders(RecordedRequest r)
    {
        static FakeReply Bad(string what) => new(400, $$"""{"code":"IncorrectParameter","message":"Incorrect parameter: {{what}}"}""");
        if (!int.TryParse(r.Query.GetValueOrDefault("limit"), out var limit) || limit is < 1 or > 1000) return Bad("limit");
        if (!long.TryParse(r.Query.GetValueOrDefault("next"), out var next) || next < 0) return Bad("next");
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var to = now;
        if (r.Query.TryGetValue("dateTo", out var toText) && !long.TryParse(toText, out to)) return Bad("dateTo");
        var from = to - 30 * 86_400;
        if (r.Query.TryGetValue("dateFrom", out var fromText) && !long.TryParse(fromText, out from)) return Bad("dateFrom");
        // Milliseconds (or a span over 30 days) are refused.
        if (from > 100_000_000_000 || to > 100_000_000_000 || from > to || to - from > 30 * 86_400) return Bad("dateFrom/dateTo");
        var page = Tasks.Values
            .Select(t => (Id: t["id"]!.GetValue<long>(), Task: t, Created: DateTimeOffset.Parse(t["createdAt"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeSeconds()))
            .Where(t => t.Id > next && t.Created >= from && t.Created <= to)
            .OrderBy(t => t.Id).Take(PageCap is { } cap ? Math.Min(cap, limit) : limit).ToList();
        return FakeReply.Ok(new JsonObject
        {
            ["next"] = page.Count > 0 ? page[^1].Id : next,
            ["orders"] = new JsonArray(page.Select(t => (JsonNode)t.Task.DeepClone()).ToArray()),
        }.ToJsonString());
    }

    /// <summary>One task per unit, all sharing one orderUid; <paramref name="createdAt"/> defaults to now.</summary>
    public void AddOrder(string orderUid, long firstTaskId, long chrtId, long nmId, int units, long priceMinor, DateTime? createdAt = null)
    {
        for (var i = 0; i < units; i++)
        {
            var id = firstTaskId + i;
            Tasks[id] = new JsonObject
            {
                ["id"] = id, ["orderUid"] = orderUid, ["article"] = "art-" + chrtId, ["chrtId"] = chrtId, ["nmId"] = nmId,
                ["skus"] = new JsonArray("4780000000000"), ["price"] = priceMinor, ["convertedPrice"] = priceMinor, ["currencyCode"] = 860,
                ["createdAt"] = (createdAt ?? DateTime.UtcNow).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture), ["warehouseId"] = 658434,
                ["address"] = new JsonObject { ["fullAddress"] = "Toshkent, Yunusobod 5" }, ["comment"] = "",
            };
            Statuses[id] = ("new", "waiting");
        }
    }

    /// <summary>Backdates every task of the order (an order older than any poll window).</summary>
    public void SetCreatedAt(string orderUid, DateTime createdAt)
    {
        foreach (var t in Tasks.Values.Where(t => t["orderUid"]!.GetValue<string>() == orderUid))
            t["createdAt"] = createdAt.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
    }

    public void CancelOrder(string orderUid) => SetStatus(orderUid, "cancel", "canceled_by_client");

    /// <summary>Moves every task of the order to this status (orders change between polls).</summary>
    public void SetStatus(string orderUid, string supplierStatus, string wbStatus)
    {
        foreach (var t in Tasks.Values.Where(t => t["orderUid"]!.GetValue<string>() == orderUid))
            Statuses[t["id"]!.GetValue<long>()] = (supplierStatus, wbStatus);
    }
}
