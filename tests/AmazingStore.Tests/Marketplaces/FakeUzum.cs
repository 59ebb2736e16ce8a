using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>Uzum seller OpenAPI as documented: raw token (no Bearer), ≤ 100 per stock request, dateFrom/dateTo in seconds, ms in replies.</summary>
public sealed class FakeUzum(string token) : FakeServer
{
    public ConcurrentDictionary<string, int> Stock { get; } = new();            // barcode -> amount
    public ConcurrentDictionary<long, (long Sell, long Full)> Prices { get; } = new(); // skuId -> prices
    public ConcurrentDictionary<long, JsonObject> Orders { get; } = new();
    public int SecondsViolations;

    protected override bool Authorized(RecordedRequest r) => r.Header("Authorization") == token;

    protected override FakeReply Handle(RecordedRequest r)
    {
        if (r.Method == "POST" && r.Path == "/v2/fbs/sku/stocks")
        {
            var list = JsonNode.Parse(r.Body)!["skuAmountList"]!.AsArray();
            if (list.Count is 0 or > 100) return new FakeReply(400, Envelope(null, "size-too-big"));
            foreach (var item in list) Stock[item!["barcode"]!.GetValue<string>()] = item["amount"]!.GetValue<int>();
            return FakeReply.Ok(Envelope("true", null));
        }
        if (r.Method == "POST" && r.Path.StartsWith("/v1/product/", StringComparison.Ordinal) && r.Path.EndsWith("/sendPriceData", StringComparison.Ordinal))
        {
            foreach (var sku in JsonNode.Parse(r.Body)!["skuList"]!.AsArray())
                Prices[sku!["skuId"]!.GetValue<long>()] = (sku["sellPrice"]!.GetValue<long>(), sku["fullPrice"]!.GetValue<long>());
            return FakeReply.Ok(Envelope("true", null));
        }
        if (r.Method == "GET" && r.Path == "/v2/fbs/orders")
        {
            var size = int.Parse(r.Query.GetValueOrDefault("size", "20"));
            if (size > 100) return new FakeReply(400, Envelope(null, "size-too-big"));
            var from = long.Parse(r.Query["dateFrom"]);
            var to = long.Parse(r.Query["dateTo"]);
            if (to < from) return new FakeReply(400, Envelope(null, "seller-order-12"));
            // The trap: milliseconds give 200 and an empty list.
            if (from > 100_000_000_000) { Interlocked.Increment(ref SecondsViolations); return FakeReply.Ok(Envelope("""{"orders":[]}""", null)); }
            var page = int.Parse(r.Query.GetValueOrDefault("page", "0"));
            var all = Orders.Values.Where(o => o["dateCreated"]!.GetValue<long>() / 1000 >= from).OrderBy(o => o["id"]!.GetValue<long>()).ToList();
            var slice = new JsonArray(all.Skip(page * size).Take(size).Select(o => (JsonNode)o.DeepClone()).ToArray());
            return FakeReply.Ok(Envelope(new JsonObject { ["orders"] = slice }.ToJsonString(), null));
        }
        return new FakeReply(404, Envelope(null, "not-found"));
    }

    private static string Envelope(string? payload, string? error) =>
        $$"""{"payload":{{payload ?? "null"}},"errors":[{{(error is null ? "" : JsonSerializer.Serialize(new { code = error, message = error }))}}],"timestamp":"2026-01-01T00:00:00Z","error":{{(error is null ? "null" : "\"" + error + "\"")}}}""";

    public void AddOrder(long id, string status, params (long ProductId, string SellerSku, int Amount, long Price)[] items)
    {
        Orders[id] = new JsonObject
        {
            ["id"] = id, ["status"] = status, ["scheme"] = "FBS", ["shopId"] = 77, ["price"] = items.Sum(i => i.Price * i.Amount),
            ["dateCreated"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["deliveryInfo"] = new JsonObject { ["deliveryAddress"] = "Toshkent, Chilonzor 1", ["customerFullname"] = "Uzum Xaridor", ["customerPhone"] = "+998901112233" },
            ["orderItems"] = new JsonArray(items.Select(i => (JsonNode)new JsonObject
            {
                ["id"] = id * 10, ["status"] = status, ["orderId"] = id, ["skuTitle"] = "t", ["sellerSkuCode"] = i.SellerSku,
                ["productId"] = i.ProductId, ["sellerPrice"] = i.Price, ["amount"] = i.Amount, ["amountReturns"] = 0,
            }).ToArray()),
        };
    }

    public void SetStatus(long id, string status) => Orders[id]["status"] = status;
}
