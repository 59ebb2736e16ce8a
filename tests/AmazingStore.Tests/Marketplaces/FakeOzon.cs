using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>
/// OZON Seller API as it answers today: Client-Id + Api-Key, POST everywhere, errors as
/// {"code","message","details"}. Stock: ≤ 100 pairs per request, per-item results inside HTTP 200, one
/// change per product-warehouse pair per <see cref="ItemWindow"/>. Postings: only the v4 lists (cursor,
/// limit 1..100) and /v3/posting/fbs/get; the switched-off v3 lists answer 404 like any unknown method.
/// Products: /v3/product/list (last_id, limit ≤ 1000) and /v3/product/info/list (≤ 1000 ids).
/// </summary>
public sealed class FakeOzon(string clientId, string apiKey) : FakeServer
{
    public const int PostingPageMax = 100;
    public const int ProductPageMax = 1000;
    private static readonly string[] Final = ["delivered", "cancelled"];

    public ConcurrentDictionary<string, int> Stock { get; } = new();   // offer_id@warehouse -> stock
    public ConcurrentDictionary<string, (string Price, string OldPrice)> Prices { get; } = new();
    /// <summary>offer_id -> the currency_code it was priced in; OZON reads a missing code as RUB.</summary>
    public ConcurrentDictionary<string, string> PriceCurrencies { get; } = new();
    /// <summary>Postings in the v4 list shape (product price an object).</summary>
    public ConcurrentDictionary<string, JsonObject> Postings { get; } = new();
    /// <summary>product_id -> the product as /v3/product/info/list gives it.</summary>
    public ConcurrentDictionary<long, JsonObject> Products { get; } = new();
    /// <summary>Offer ids answered once with TOO_MANY_REQUESTS inside the 200.</summary>
    public ConcurrentDictionary<string, bool> FailOnce { get; } = new();
    public int OversizedBatches;
    /// <summary>Requests refused for asking more than a page may hold.</summary>
    public int PageLimitViolations;

    /// <summary>
    /// OZON takes one stock change per product-warehouse pair per 30 s; a pair changed again sooner is
    /// refused per item (TOO_MANY_REQUESTS inside the 200). MarketplaceBed sets this to the store's
    /// Marketplaces:OzonItemCooldown so the two agree.
    /// </summary>
    public TimeSpan ItemWindow { get; set; } = TimeSpan.FromSeconds(30);
    private readonly ConcurrentDictionary<string, DateTime> _changedAt = new();
    /// <summary>Stock items refused because their pair changed less than <see cref="ItemWindow"/> ago.</summary>
    public int ItemWindowRefusals;

    /// <summary>Every cursor (or last_id) handed out, with the path that handed it out, in order.</summary>
    public ConcurrentQueue<(string Path, string Cursor)> IssuedCursors { get; } = new();

    protected override bool Authorized(RecordedRequest r) =>
        r.Method == "POST" && r.Header("Client-Id") == clientId && r.Header("Api-Key") == apiKey;

    /// <summary>OZON's own 429 body (no retry header).</summary>
    protected override FakeReply RateLimited() =>
        new(429, """{"code":8,"message":"You have reached request rate limit per second","details":[]}""");

    private static FakeReply Error(int status, int code, string message) =>
        new(status, new JsonObject { ["code"] = code, ["message"] = message, ["details"] = new JsonArray() }.ToJsonString());

    private FakeReply Invalid(string message) => Error(400, 3, message);

    protected override FakeReply Handle(RecordedRequest r)
    {
        JsonNode? body;
        try { body = JsonNode.Parse(r.Body); }
        catch (System.Text.Json.JsonException) { return Invalid("invalid JSON"); }
        return r.Path switch
        {
            "/v2/products/stocks" => SetStocks(body!),
            "/v1/product/import/prices" => SetPrices(body!),
            "/v4/posting/fbs/list" => ListPostings(r.Path, body!),
            "/v4/posting/fbs/unfulfilled/list" => ListUnfulfilled(r.Path, body!),
            "/v3/posting/fbs/get" => GetPosting(body!),
            "/v3/product/list" => ListProducts(r.Path, body!),
            "/v3/product/info/list" => ProductInfo(body!),
            _ => Error(404, 5, "Not Found"),
        };
    }

    private FakeReply SetStocks(JsonNode body)
    {
        var stocks = body["stocks"]!.AsArray();
        if (stocks.Count > 100) { Interlocked.Increment(ref OversizedBatches); return Invalid("too many items"); }
        var results = new JsonArray();
        var now = DateTime.UtcNow;
        foreach (var s in stocks)
        {
            var offer = s!["offer_id"]!.GetValue<string>();
            var warehouse = s["warehouse_id"]!.GetValue<long>();
            var key = $"{offer}@{warehouse}";
            var failed = FailOnce.TryRemove(offer, out _);
            if (!failed && _changedAt.TryGetValue(key, out var last) && now - last < ItemWindow)
            {
                failed = true;
                Interlocked.Increment(ref ItemWindowRefusals);
            }
            if (!failed)
            {
                Stock[key] = s["stock"]!.GetValue<int>();
                _changedAt[key] = now;
            }
            results.Add(new JsonObject
            {
                ["warehouse_id"] = warehouse, ["product_id"] = s["product_id"]!.GetValue<long>(), ["offer_id"] = offer, ["updated"] = !failed,
                ["errors"] = failed ? new JsonArray(new JsonObject { ["code"] = "TOO_MANY_REQUESTS", ["message"] = "too many requests for this item" }) : new JsonArray(),
            });
        }
        return FakeReply.Ok(new JsonObject { ["result"] = results }.ToJsonString());
    }

    private FakeReply SetPrices(JsonNode body)
    {
        var results = new JsonArray();
        foreach (var p in body["prices"]!.AsArray())
        {
            var offer = p!["offer_id"]!.GetValue<string>();
            Prices[offer] = (p["price"]!.GetValue<string>(), p["old_price"]!.GetValue<string>());
            PriceCurrencies[offer] = p["currency_code"]?.GetValue<string>() ?? "RUB";
            results.Add(new JsonObject { ["product_id"] = p["product_id"]!.GetValue<long>(), ["offer_id"] = offer, ["updated"] = true, ["errors"] = new JsonArray() });
        }
        return FakeReply.Ok(new JsonObject { ["result"] = results }.ToJsonString());
    }

    /// <summary>limit within 1..max, or OZON's 400.</summary>
    private bool LimitOk(JsonNode body, int max, out int limit)
    {
        limit = body["limit"] is JsonValue v && v.TryGetValue<int>(out var l) ? l : 0;
        if (limit is >= 1 && limit <= max) return true;
        Interlocked.Increment(ref PageLimitViolations);
        return false;
    }

    private static DateTime? Time(JsonNode? node) =>
        node is JsonValue v && v.TryGetValue<string>(out var s) && DateTime.TryParse(s, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : null;

    private FakeReply ListPostings(string path, JsonNode body)
    {
        if (!LimitOk(body, PostingPageMax, out var limit)) return Invalid($"limit must be between 1 and {PostingPageMax}");
        var filter = body["filter"];
        if (Time(filter?["since"]) is not { } since || Time(filter?["to"]) is not { } to) return Invalid("filter.since and filter.to are required");
        var matching = Postings.Values.Where(p => Time(p["in_process_at"]) is { } at && at >= since && at <= to && StatusMatches(filter, p));
        return Page(path, body, matching, limit, 2, p => [(string)p["in_process_at"]!, (string)p["posting_number"]!]);
    }

    private FakeReply ListUnfulfilled(string path, JsonNode body)
    {
        if (!LimitOk(body, PostingPageMax, out var limit)) return Invalid($"limit must be between 1 and {PostingPageMax}");
        var filter = body["filter"];
        var cutoff = (From: Time(filter?["cutoff_from"]), To: Time(filter?["cutoff_to"]));
        var delivering = (From: Time(filter?["delivering_date_from"]), To: Time(filter?["delivering_date_to"]));
        var byCutoff = cutoff.From is not null && cutoff.To is not null;
        var byDelivering = delivering.From is not null && delivering.To is not null;
        if (byCutoff == byDelivering) return Invalid("either filter.cutoff or filter.delivering_date must be specified");
        var (from, to, field) = byCutoff ? (cutoff.From!.Value, cutoff.To!.Value, "shipment_date") : (delivering.From!.Value, delivering.To!.Value, "delivering_date");
        var matching = Postings.Values.Where(p => !Final.Contains((string)p["status"]!) && StatusMatches(filter, p)
            && Time(p[field]) is { } at && at >= from && at <= to);
        return Page(path, body, matching, limit, 3, p => [(string)p["shipment_date"]!, (string)p["in_process_at"]!, (string)p["posting_number"]!]);
    }

    private static bool StatusMatches(JsonNode? filter, JsonObject p) =>
        filter?["statuses"] is not JsonArray { Count: > 0 } statuses || statuses.Any(s => (string)s! == (string)p["status"]!);

    /// <summary>
    /// One page by keyset cursor, as OZON's: the cursor carries the sort key of the last posting given, so a
    /// page goes on after it whatever was added meanwhile. The reply always carries a cursor; has_next says
    /// whether there is more.
    /// </summary>
    private FakeReply Page(string path, JsonNode body, IEnumerable<JsonObject> matching, int limit, int keyLength, Func<JsonObject, string[]> key)
    {
        var desc = string.Equals((string?)body["sort_dir"], "DESC", StringComparison.OrdinalIgnoreCase);
        var comparer = Comparer<string[]>.Create((a, b) =>
        {
            for (var i = 0; i < a.Length; i++) { var c = string.CompareOrdinal(a[i], b[i]); if (c != 0) return c; }
            return 0;
        });
        var sorted = (desc ? matching.OrderByDescending(key, comparer) : matching.OrderBy(key, comparer)).ToList();
        var cursor = (string?)body["cursor"] ?? "";
        if (cursor.Length > 0)
        {
            string[] after;
            try { after = Encoding.UTF8.GetString(Convert.FromBase64String(cursor)).Split('|'); }
            catch (FormatException) { return Invalid("invalid cursor"); }
            if (after.Length != keyLength) return Invalid("invalid cursor");
            sorted = sorted.Where(p => comparer.Compare(key(p), after) * (desc ? -1 : 1) > 0).ToList();
        }
        var page = sorted.Take(limit).ToList();
        var next = page.Count == 0 ? cursor : Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('|', key(page[^1]))));
        IssuedCursors.Enqueue((path, next));
        var reply = new JsonObject
        {
            ["postings"] = new JsonArray(page.Select(p => (JsonNode)p.DeepClone()).ToArray()),
            ["cursor"] = next,
            ["has_next"] = sorted.Count > page.Count,
        };
        if (path.Contains("unfulfilled", StringComparison.Ordinal)) reply["count"] = sorted.Count;
        return FakeReply.Ok(reply.ToJsonString());
    }

    /// <summary>/v3/posting/fbs/get still answers in v3's shape: "result", product price a string with currency_code.</summary>
    private FakeReply GetPosting(JsonNode body)
    {
        var number = (string?)body["posting_number"] ?? "";
        if (!Postings.TryGetValue(number, out var p)) return Error(404, 5, "posting not found");
        var v3 = p.DeepClone().AsObject();
        foreach (var product in v3["products"]!.AsArray())
        {
            var price = product!["price"]!.AsObject();
            product["currency_code"] = (string)price["currency"]!;
            product["price"] = (string)price["amount"]! + ".0000";
        }
        return FakeReply.Ok(new JsonObject { ["result"] = v3 }.ToJsonString());
    }

    private FakeReply ListProducts(string path, JsonNode body)
    {
        if (!LimitOk(body, ProductPageMax, out var limit)) return Invalid($"limit must be between 1 and {ProductPageMax}");
        var lastId = (string?)body["last_id"] ?? "";
        long after = 0;
        if (lastId.Length > 0)
        {
            try { after = long.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(lastId)), CultureInfo.InvariantCulture); }
            catch (FormatException) { return Invalid("invalid last_id"); }
        }
        var all = Products.Keys.Order().ToList();
        var page = all.Where(id => id > after).Take(limit).ToList();
        var next = page.Count == 0 ? "" : Convert.ToBase64String(Encoding.UTF8.GetBytes(page[^1].ToString(CultureInfo.InvariantCulture)));
        IssuedCursors.Enqueue((path, next));
        var items = new JsonArray(page.Select(id => (JsonNode)new JsonObject
        {
            ["product_id"] = id, ["offer_id"] = (string)Products[id]["offer_id"]!, ["has_fbo_stocks"] = false, ["has_fbs_stocks"] = true,
            ["archived"] = false, ["is_discounted"] = false, ["quants"] = new JsonArray(),
        }).ToArray());
        return FakeReply.Ok(new JsonObject { ["result"] = new JsonObject { ["items"] = items, ["total"] = all.Count, ["last_id"] = next } }.ToJsonString());
    }

    private FakeReply ProductInfo(JsonNode body)
    {
        static IEnumerable<string> Ids(JsonNode? n) => n is JsonArray a ? a.Select(x => x!.ToString()) : [];
        var productIds = Ids(body["product_id"]).ToHashSet();
        var offerIds = Ids(body["offer_id"]).ToHashSet();
        var skus = Ids(body["sku"]).ToHashSet();
        if (productIds.Count + offerIds.Count + skus.Count > ProductPageMax)
        {
            Interlocked.Increment(ref PageLimitViolations);
            return Invalid($"no more than {ProductPageMax} identifiers");
        }
        var items = Products.Values.Where(p => productIds.Contains(p["id"]!.ToString()) || offerIds.Contains((string)p["offer_id"]!) || skus.Contains(p["sku"]!.ToString()))
            .OrderBy(p => (long)p["id"]!).Select(p => (JsonNode)p.DeepClone()).ToArray();
        return FakeReply.Ok(new JsonObject { ["items"] = new JsonArray(items) }.ToJsonString());
    }

    public void AddPosting(string number, string status, string offerId, int quantity, string price, DateTime? inProcessAt = null)
    {
        var at = inProcessAt ?? DateTime.UtcNow;
        Postings[number] = new JsonObject
        {
            ["posting_number"] = number, ["order_id"] = 559293114, ["order_number"] = number[..number.LastIndexOf('-')], ["status"] = status,
            ["in_process_at"] = Iso(at), ["shipment_date"] = Iso(at.AddDays(1)), ["delivering_date"] = null,
            ["products"] = new JsonArray(new JsonObject
            {
                ["offer_id"] = offerId, ["name"] = "Ozon tovar", ["sku"] = 140048123, ["quantity"] = quantity,
                ["price"] = new JsonObject { ["amount"] = price, ["currency"] = "RUB" },
            }),
        };
    }

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>OZON moves a posting on between polls.</summary>
    public void SetStatus(string number, string status) => Postings[number]["status"] = status;

    public void AddProduct(long productId, string offerId, string name, params string[] barcodes) =>
        Products[productId] = new JsonObject
        {
            ["id"] = productId, ["offer_id"] = offerId, ["name"] = name, ["sku"] = productId + 700_000_000,
            ["barcodes"] = new JsonArray(barcodes.Select(b => (JsonNode)b).ToArray()), ["currency_code"] = "RUB",
        };
}
