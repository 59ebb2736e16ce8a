using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>
/// Uzum seller OpenAPI as documented and as it answers: raw token (no Bearer); ≤ 100 per stock request;
/// orders listed one <c>status</c> per request, CREATED when none is given, at most 50 a page, dateFrom/dateTo
/// in seconds (milliseconds give 200 and nothing), no <c>totalAmount</c>; one order by id; the shop's products
/// with several SKUs each, ≤ 100 a page, without the envelope; a 429 in the envelope with X-RateLimit-* headers.
/// </summary>
public sealed class FakeUzum(string token) : FakeServer
{
    public const long ShopId = 77;
    public const int OrdersMaxPage = 50;
    public const int MaxPageSize = 100;

    public static readonly string[] Statuses =
    [
        "CREATED", "PACKING", "PENDING_DELIVERY", "DELIVERING", "DELIVERED", "ACCEPTED_AT_DP",
        "DELIVERED_TO_CUSTOMER_DELIVERY_POINT", "COMPLETED", "CANCELED", "PENDING_CANCELLATION", "RETURNED",
    ];

    public ConcurrentDictionary<string, int> Stock { get; } = new();            // barcode -> amount
    public ConcurrentDictionary<long, (long Sell, long Full)> Prices { get; } = new(); // skuId -> prices
    public ConcurrentDictionary<long, JsonObject> Orders { get; } = new();
    public ConcurrentDictionary<long, JsonObject> Products { get; } = new();   // productId -> product with skuList
    public int SecondsViolations;

    protected override bool Authorized(RecordedRequest r) => r.Header("Authorization") == token;

    protected override FakeReply Handle(RecordedRequest r)
    {
        if (r.Method == "POST" && r.Path == "/v2/fbs/sku/stocks")
        {
            var list = JsonNode.Parse(r.Body)!["skuAmountList"]!.AsArray();
            if (list.Count is 0 or > 100) return Error(400, "size-too-big");
            foreach (var item in list) Stock[item!["barcode"]!.GetValue<string>()] = item["amount"]!.GetValue<int>();
            return FakeReply.Ok(Envelope("true"));
        }
        if (r.Method == "POST" && r.Path.StartsWith("/v1/product/", StringComparison.Ordinal) && r.Path.EndsWith("/sendPriceData", StringComparison.Ordinal))
        {
            foreach (var sku in JsonNode.Parse(r.Body)!["skuList"]!.AsArray())
                Prices[sku!["skuId"]!.GetValue<long>()] = (sku["sellPrice"]!.GetValue<long>(), sku["fullPrice"]!.GetValue<long>());
            return FakeReply.Ok(Envelope("true"));
        }
        if (r.Method == "GET" && r.Path == "/v2/fbs/orders") return ListOrders(r);
        if (r.Method == "GET" && r.Path.StartsWith("/v1/fbs/order/", StringComparison.Ordinal))
        {
            if (!long.TryParse(r.Path["/v1/fbs/order/".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return Error(400, "bad-request");
            return Orders.TryGetValue(id, out var order)
                ? FakeReply.Ok(Envelope(order.ToJsonString()))
                : Error(404, "seller-order-not-found");
        }
        if (r.Method == "GET" && r.Path.StartsWith("/v1/product/shop/", StringComparison.Ordinal)) return ListProducts(r);
        return Error(404, "not-found");
    }

    private FakeReply ListOrders(RecordedRequest r)
    {
        if (!r.Query.TryGetValue("shopIds", out var shops) || string.IsNullOrEmpty(shops)) return Error(400, "shopIds-required");
        var shopIds = shops.Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture)).ToHashSet();
        // The trap: no status means CREATED. One value only (a repeated parameter reaches us comma-joined).
        var status = r.Query.GetValueOrDefault("status", "CREATED");
        if (!Statuses.Contains(status)) return Error(400, "invalid-status");
        if (!PageAndSize(r, 20, out var page, out var size, out var bad)) return bad!;
        size = Math.Min(size, OrdersMaxPage); // "максимум 50"
        long? from = r.Query.TryGetValue("dateFrom", out var f) ? long.Parse(f, CultureInfo.InvariantCulture) : null;
        long? to = r.Query.TryGetValue("dateTo", out var t) ? long.Parse(t, CultureInfo.InvariantCulture) : null;
        if (from is not null && to is not null && to < from) return Error(400, "seller-order-12");
        // The other trap: milliseconds give 200 and an empty list.
        if (from > 100_000_000_000 || to > 100_000_000_000)
        {
            Interlocked.Increment(ref SecondsViolations);
            return FakeReply.Ok(Envelope("""{"orders":[]}"""));
        }
        var all = Orders.Values
            .Where(o => shopIds.Contains(o["shopId"]!.GetValue<long>()) && o["status"]!.GetValue<string>() == status)
            .Where(o => from is null || o["dateCreated"]!.GetValue<long>() / 1000 >= from)
            .Where(o => to is null || o["dateCreated"]!.GetValue<long>() / 1000 <= to)
            .OrderBy(o => o["id"]!.GetValue<long>()).ToList();
        var slice = new JsonArray(all.Skip(page * size).Take(size).Select(o => (JsonNode)o.DeepClone()).ToArray());
        // Real replies carry no payload.totalAmount, whatever the spec says.
        return FakeReply.Ok(Envelope(new JsonObject { ["orders"] = slice }.ToJsonString()));
    }

    private FakeReply ListProducts(RecordedRequest r)
    {
        if (!long.TryParse(r.Path["/v1/product/shop/".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var shopId)) return Error(400, "bad-request");
        if (shopId != ShopId) return Error(403, "fbs-2-seller-access-denied");
        // page and size are required here.
        if (!r.Query.ContainsKey("page") || !r.Query.ContainsKey("size")) return Error(400, "bad-request");
        if (!PageAndSize(r, 0, out var page, out var size, out var bad)) return bad!;
        var all = Products.Values.OrderBy(p => p["productId"]!.GetValue<long>()).ToList();
        var slice = new JsonArray(all.Skip(page * size).Take(size).Select(p => (JsonNode)p.DeepClone()).ToArray());
        // This route answers without the envelope.
        return FakeReply.Ok(new JsonObject { ["productList"] = slice, ["totalProductsAmount"] = all.Count }.ToJsonString());
    }

    private static bool PageAndSize(RecordedRequest r, int defaultSize, out int page, out int size, out FakeReply? bad)
    {
        page = int.Parse(r.Query.GetValueOrDefault("page", "0"), CultureInfo.InvariantCulture);
        size = int.Parse(r.Query.GetValueOrDefault("size", defaultSize.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
        bad = page < 0 || size < 1 ? Error(400, "bad-request") : size > MaxPageSize ? Error(400, "size-too-big") : null;
        return bad is null;
    }

    /// <summary>Uzum's gateway: the envelope with the error, and its rate headers (nothing says when to retry).</summary>
    protected override FakeReply RateLimited() => new(429, ErrorEnvelope("too-many-requests", "Too many requests"), new Dictionary<string, string>
    {
        ["X-RateLimit-Remaining"] = "0",
        ["X-RateLimit-Replenish-Rate"] = RateLimit.ToString(CultureInfo.InvariantCulture),
        ["X-RateLimit-Burst-Capacity"] = RateLimit.ToString(CultureInfo.InvariantCulture),
        ["X-RateLimit-Remaining-Per-Day"] = "100000",
    });

    private static FakeReply Error(int status, string code) => new(status, ErrorEnvelope(code, code));

    private static string Envelope(string payload) =>
        $$"""{"payload":{{payload}},"errors":[],"timestamp":"2026-01-01T00:00:00Z","trace":"fake","error":null}""";

    private static string ErrorEnvelope(string code, string message) =>
        $$"""{"payload":null,"errors":[{{JsonSerializer.Serialize(new { code, message })}}],"timestamp":"2026-01-01T00:00:00Z","trace":"fake","error":{{JsonSerializer.Serialize(code)}}}""";

    /// <summary>One order item: Uzum's product, the SKU under it, the seller's SKU code.</summary>
    public sealed record Item(long ProductId, long SkuId, string? SellerSku, int Amount, long Price);

    /// <summary>Items named as the bed maps them: product 5000 + n has SKU 9000 + n (MarketplaceBed.MapEverywhereAsync).</summary>
    public void AddOrder(long id, string status, params (long ProductId, string SellerSku, int Amount, long Price)[] items) =>
        AddOrder(id, status, null, items.Select(i => new Item(i.ProductId, i.ProductId + 4000, i.SellerSku, i.Amount, i.Price)).ToArray());

    public void AddOrder(long id, string status, DateTimeOffset? created, params Item[] items)
    {
        Orders[id] = new JsonObject
        {
            ["id"] = id, ["status"] = status, ["scheme"] = "FBS", ["shopId"] = ShopId, ["price"] = items.Sum(i => i.Price * i.Amount),
            ["dateCreated"] = (created ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds(),
            ["deliveryInfo"] = new JsonObject { ["deliveryAddress"] = "Toshkent, Chilonzor 1", ["customerFullname"] = "Uzum Xaridor", ["customerPhone"] = "+998901112233" },
            ["orderItems"] = new JsonArray(items.Select((i, n) => (JsonNode)new JsonObject
            {
                ["id"] = id * 10 + n, ["status"] = "PROCESSING", ["orderId"] = id, ["skuTitle"] = "t", ["sellerSkuCode"] = i.SellerSku,
                ["productId"] = i.ProductId, ["skuId"] = i.SkuId, ["sellerPrice"] = i.Price, ["amount"] = i.Amount, ["amountReturns"] = 0,
            }).ToArray()),
        };
    }

    public void SetStatus(long id, string status) => Orders[id]["status"] = status;

    public void SetCreated(long id, DateTimeOffset created) => Orders[id]["dateCreated"] = created.ToUnixTimeMilliseconds();

    /// <summary>One SKU of a product in the product list; the barcode is a number there.</summary>
    public sealed record Sku(long SkuId, long Barcode, string? SellerItemCode, string Title);

    public void AddProduct(long productId, string title, params Sku[] skus) => Products[productId] = new JsonObject
    {
        ["productId"] = productId, ["title"] = title, ["category"] = "Uy-ro'zg'or",
        ["status"] = new JsonObject { ["value"] = "IN_STOCK", ["title"] = "Sotuvda" },
        ["skuList"] = new JsonArray(skus.Select(s => (JsonNode)new JsonObject
        {
            ["skuId"] = s.SkuId, ["skuTitle"] = s.Title, ["skuFullTitle"] = title + " " + s.Title, ["productTitle"] = title,
            ["barcode"] = s.Barcode, ["sellerItemCode"] = s.SellerItemCode, ["article"] = s.SellerItemCode, ["archived"] = false, ["blocked"] = false,
        }).ToArray()),
    };
}
