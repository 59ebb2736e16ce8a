using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>
/// Wildberries as documented: chrtId key (sku refused), 1–1000 per request, 204 success, 409 array
/// bodies costing 10 requests, one FBS task per unit with prices ×100; prices on the same server.
/// </summary>
public sealed class FakeWildberries(string token) : FakeServer
{
    public ConcurrentDictionary<long, int> Stock { get; } = new();                  // chrtId -> amount
    public ConcurrentDictionary<long, (long Price, int Discount)> Prices { get; } = new(); // nmID
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
        if (r.Method == "POST" && r.Path == "/api/v2/upload/task")
        {
            foreach (var p in JsonNode.Parse(r.Body)!["data"]!.AsArray())
                Prices[p!["nmID"]!.GetValue<long>()] = (p["price"]!.GetValue<long>(), p["discount"]!.GetValue<int>());
            return FakeReply.Ok("""{"data":{"id":1,"alreadyExists":false},"error":false,"errorText":""}""");
        }
        if (r.Method == "GET" && r.Path == "/api/v3/orders/new")
            return FakeReply.Ok(new JsonObject { ["orders"] = new JsonArray(Tasks.Values.Where(t => Statuses[t["id"]!.GetValue<long>()].Supplier == "new").Select(t => (JsonNode)t.DeepClone()).ToArray()) }.ToJsonString());
        if (r.Method == "GET" && r.Path == "/api/v3/orders")
        {
            if (!long.TryParse(r.Query.GetValueOrDefault("dateFrom"), out var from) || from > 100_000_000_000)
                return new FakeReply(400, """{"code":"IncorrectParameter","message":"dateFrom"}""");
            return FakeReply.Ok(new JsonObject { ["next"] = 0, ["orders"] = new JsonArray(Tasks.Values.Select(t => (JsonNode)t.DeepClone()).ToArray()) }.ToJsonString());
        }
        if (r.Method == "POST" && r.Path == "/api/v3/orders/status")
        {
            var ids = JsonNode.Parse(r.Body)!["orders"]!.AsArray().Select(i => i!.GetValue<long>());
            return FakeReply.Ok(new JsonObject
            {
                ["orders"] = new JsonArray(ids.Where(Statuses.ContainsKey).Select(i => (JsonNode)new JsonObject
                    { ["id"] = i, ["supplierStatus"] = Statuses[i].Supplier, ["wbStatus"] = Statuses[i].Wb }).ToArray()),
            }.ToJsonString());
        }
        return new FakeReply(404, """{"code":"NotFound","message":"not found"}""");
    }

    /// <summary>One task per unit, all sharing one orderUid.</summary>
    public void AddOrder(string orderUid, long firstTaskId, long chrtId, long nmId, int units, long priceMinor)
    {
        for (var i = 0; i < units; i++)
        {
            var id = firstTaskId + i;
            Tasks[id] = new JsonObject
            {
                ["id"] = id, ["orderUid"] = orderUid, ["article"] = "art-" + chrtId, ["chrtId"] = chrtId, ["nmId"] = nmId,
                ["skus"] = new JsonArray("4780000000000"), ["price"] = priceMinor, ["convertedPrice"] = priceMinor, ["currencyCode"] = 860,
                ["createdAt"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"), ["warehouseId"] = 658434,
                ["address"] = new JsonObject { ["fullAddress"] = "Toshkent, Yunusobod 5" }, ["comment"] = "",
            };
            Statuses[id] = ("new", "waiting");
        }
    }

    public void CancelOrder(string orderUid)
    {
        foreach (var t in Tasks.Values.Where(t => t["orderUid"]!.GetValue<string>() == orderUid))
            Statuses[t["id"]!.GetValue<long>()] = ("cancel", "canceled_by_client");
    }
}
