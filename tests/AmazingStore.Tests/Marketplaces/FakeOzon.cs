using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>
/// OZON Seller API as documented: Client-Id + Api-Key, POST everywhere, ≤ 100 stock pairs per
/// request, per-item results (and errors) inside HTTP 200, prices as strings.
/// </summary>
public sealed class FakeOzon(string clientId, string apiKey) : FakeServer
{
    public ConcurrentDictionary<string, int> Stock { get; } = new();   // offer_id@warehouse -> stock
    public ConcurrentDictionary<string, (string Price, string OldPrice)> Prices { get; } = new();
    /// <summary>offer_id -> the currency_code it was priced in; OZON reads a missing code as RUB.</summary>
    public ConcurrentDictionary<string, string> PriceCurrencies { get; } = new();
    public ConcurrentDictionary<string, JsonObject> Postings { get; } = new();
    /// <summary>Offer ids answered once with TOO_MANY_REQUESTS inside the 200.</summary>
    public ConcurrentDictionary<string, bool> FailOnce { get; } = new();
    public int OversizedBatches;

    protected override bool Authorized(RecordedRequest r) =>
        r.Method == "POST" && r.Header("Client-Id") == clientId && r.Header("Api-Key") == apiKey;

    protected override FakeReply Handle(RecordedRequest r)
    {
        if (r.Path == "/v2/products/stocks")
        {
            var stocks = JsonNode.Parse(r.Body)!["stocks"]!.AsArray();
            if (stocks.Count > 100) { Interlocked.Increment(ref OversizedBatches); return new FakeReply(400, """{"code":3,"message":"too many items","details":[]}"""); }
            var results = new JsonArray();
            foreach (var s in stocks)
            {
                var offer = s!["offer_id"]!.GetValue<string>();
                var warehouse = s["warehouse_id"]!.GetValue<long>();
                var failed = FailOnce.TryRemove(offer, out _);
                if (!failed) Stock[$"{offer}@{warehouse}"] = s["stock"]!.GetValue<int>();
                results.Add(new JsonObject
                {
                    ["warehouse_id"] = warehouse, ["product_id"] = s["product_id"]!.GetValue<long>(), ["offer_id"] = offer, ["updated"] = !failed,
                    ["errors"] = failed ? new JsonArray(new JsonObject { ["code"] = "TOO_MANY_REQUESTS", ["message"] = "too many requests for this item" }) : new JsonArray(),
                });
            }
            return FakeReply.Ok(new JsonObject { ["result"] = results }.ToJsonString());
        }
        if (r.Path == "/v1/product/import/prices")
        {
            var results = new JsonArray();
            foreach (var p in JsonNode.Parse(r.Body)!["prices"]!.AsArray())
            {
                var offer = p!["offer_id"]!.GetValue<string>();
                Prices[offer] = (p["price"]!.GetValue<string>(), p["old_price"]!.GetValue<string>());
                PriceCurrencies[offer] = p["currency_code"]?.GetValue<string>() ?? "RUB";
                results.Add(new JsonObject { ["product_id"] = p["product_id"]!.GetValue<long>(), ["offer_id"] = offer, ["updated"] = true, ["errors"] = new JsonArray() });
            }
            return FakeReply.Ok(new JsonObject { ["result"] = results }.ToJsonString());
        }
        if (r.Path == "/v3/posting/fbs/list")
        {
            var list = new JsonArray(Postings.Values.Select(p => (JsonNode)p.DeepClone()).ToArray());
            return FakeReply.Ok(new JsonObject { ["result"] = new JsonObject { ["postings"] = list, ["has_next"] = false } }.ToJsonString());
        }
        if (r.Path == "/v3/posting/fbs/get")
        {
            var number = JsonNode.Parse(r.Body)!["posting_number"]!.GetValue<string>();
            return Postings.TryGetValue(number, out var p)
                ? FakeReply.Ok(new JsonObject { ["result"] = p.DeepClone() }.ToJsonString())
                : new FakeReply(404, """{"code":5,"message":"posting not found","details":[]}""");
        }
        return new FakeReply(404, """{"code":5,"message":"not found","details":[]}""");
    }

    public void AddPosting(string number, string status, string offerId, int quantity, string price)
    {
        Postings[number] = new JsonObject
        {
            ["posting_number"] = number, ["order_id"] = 559293114, ["status"] = status, ["in_process_at"] = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["products"] = new JsonArray(new JsonObject { ["offer_id"] = offerId, ["name"] = "Ozon tovar", ["sku"] = 140048123, ["quantity"] = quantity, ["price"] = price, ["currency_code"] = "UZS" }),
        };
    }

    public void SetStatus(string number, string status) => Postings[number]["status"] = status;
}
