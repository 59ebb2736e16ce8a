using System.Globalization;
using System.Net;
using System.Text.Json;
using AmazingStore.Web.Marketplaces.Connectors;

namespace AmazingStore.Web.Marketplaces.Ozon;

/// <summary>
/// OZON postings (its FBS orders). The v3 lists are switched off: a poll reads the v4 list (postings
/// that started processing in the window) and the v4 unfulfilled list (postings not yet delivered or
/// cancelled, whenever they started), both by cursor; one posting is re-read with /v3/posting/fbs/get.
/// </summary>
public sealed partial class OzonConnector
{
    /// <summary>Both v4 posting lists take limit 1..100; more is refused with a 400.</summary>
    public const int PostingPage = 100;

    /// <summary>
    /// Pages read from each list per run (3 000 postings). The lists are read newest first, so a run that
    /// stops here drops the oldest postings of its window, which the overlapping windows of earlier
    /// polls have already brought, rather than the newest.
    /// </summary>
    public const int MaxPostingPages = 30;

    /// <summary>
    /// The unfulfilled list needs a cutoff (shipping deadline) range, whatever its spec says. Open postings
    /// whose deadline is further back are still re-read one by one (<see cref="RefreshOrdersAsync"/>).
    /// </summary>
    private static readonly TimeSpan CutoffBack = TimeSpan.FromDays(90);
    private static readonly TimeSpan CutoffAhead = TimeSpan.FromDays(30);

    /// <summary>
    /// One /v3/posting/fbs/get per open posting, through the 80 requests/min limiter that stock and price
    /// pushes share. Orders run every 5 minutes and also read at least two list pages, so 20 re-reads keep
    /// a run under a third of one minute's budget (a stock push waits seconds, not a minute, behind it) and
    /// still come round 240 open postings an hour; postings still unfulfilled come with every poll anyway.
    /// </summary>
    public int RefreshBatchSize => 20;

    public async Task<IReadOnlyList<ExternalOrder>> FetchOrdersAsync(MarketplaceContext ctx, DateTime since, CancellationToken ct)
    {
        var now = DateTime.UtcNow;
        // A posting can be in both lists: keyed by its number, it is imported once (the later read wins).
        var byNumber = new Dictionary<string, ExternalOrder>();
        await ReadListAsync(ctx, "/v4/posting/fbs/list", new { since = Iso(since), to = Iso(now.AddMinutes(1)) }, byNumber, ct);
        await ReadListAsync(ctx, "/v4/posting/fbs/unfulfilled/list",
            new { cutoff_from = Iso(now - CutoffBack), cutoff_to = Iso(now + CutoffAhead) }, byNumber, ct);
        return byNumber.Values.ToList();
    }

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>Follows one list's cursor until has_next is false, at most <see cref="MaxPostingPages"/> pages.</summary>
    private async Task ReadListAsync(MarketplaceContext ctx, string path, object filter, Dictionary<string, ExternalOrder> into, CancellationToken ct)
    {
        var cursor = "";
        for (var page = 0; page < MaxPostingPages; page++)
        {
            // No status filter: every status is wanted (v4 names it "statuses", an array).
            var body = new { cursor, filter, limit = PostingPage, sort_dir = "DESC" };
            using var r = await http.SendAsync(Slug, () => Request(ctx, path, body), ct);
            await MarketplaceHttp.EnsureSuccessAsync(r, $"ozon {path}", ct);
            using var doc = await r.ReadJsonAsync(ct);
            // v4 answers at the top level; v3 wrapped the page in "result", as some clients report v4 doing too.
            var root = doc.RootElement.Obj("result") is { ValueKind: JsonValueKind.Object } wrapped ? wrapped : doc.RootElement;
            foreach (var order in root.Arr("postings").Select(Map).Where(o => o.ExternalId.Length > 0))
                into[order.ExternalId] = order;
            var next = root.Str("cursor");
            if (root.Str("has_next") != "true" || string.IsNullOrEmpty(next) || next == cursor) return;
            cursor = next;
        }
        log.LogWarning("ozon {Path}: more than {Pages} pages of postings; the oldest were not read this run", path, MaxPostingPages);
    }

    public async Task<ExternalOrder?> FetchOrderAsync(MarketplaceContext ctx, string postingNumber, CancellationToken ct)
    {
        var body = new { posting_number = postingNumber };
        using var r = await http.SendAsync(Slug, () => Request(ctx, "/v3/posting/fbs/get", body), ct);
        if (r.StatusCode == HttpStatusCode.NotFound) return null;
        await MarketplaceHttp.EnsureSuccessAsync(r, "ozon get posting", ct);
        using var doc = await r.ReadJsonAsync(ct);
        var posting = doc.RootElement.Obj("result");
        return posting.ValueKind == JsonValueKind.Object ? Map(posting) : null;
    }

    public async Task<IReadOnlyList<ExternalOrder>> RefreshOrdersAsync(MarketplaceContext ctx, IReadOnlyList<OpenOrder> open, CancellationToken ct)
    {
        var orders = new List<ExternalOrder>();
        MarketplaceException? lastError = null;
        var failed = 0;
        foreach (var o in open)
        {
            // One posting OZON refuses (or fails on) must not keep the others from being re-read.
            try
            {
                if (await FetchOrderAsync(ctx, o.ExternalId, ct) is { } order) orders.Add(order);
            }
            catch (MarketplaceException e)
            {
                failed++;
                lastError = e;
                log.LogWarning("ozon: posting {Posting} not re-read: {Error}", o.ExternalId, e.Message);
            }
        }
        // Nothing came back but errors: OZON is away, and the run says so.
        if (failed > 0 && failed == open.Count) throw lastError!;
        return orders;
    }

    private static ExternalOrder Map(JsonElement p)
    {
        var status = p.Str("status") ?? "";
        var lines = p.Arr("products").GroupBy(x => x.Str("offer_id") ?? "").Select(g => new ExternalOrderLine(
            g.Key, ExternalKeyKind.MarketplaceSku, g.Sum(x => (int)(x.Long("quantity") ?? 0)),
            UnitPrice(g.First()), g.Key, g.First().Str("name"))).ToList();
        var customer = p.Obj("customer");
        return new ExternalOrder(p.Str("posting_number") ?? "", MapStatus(status), status, lines,
            customer.Str("name") ?? "", customer.Str("phone") ?? "", customer.Obj("address").Str("address_tail"), null);
    }

    /// <summary>v4 lists give <c>{"amount","currency"}</c>; v3 (and /v3/posting/fbs/get) a string.</summary>
    private static decimal? UnitPrice(JsonElement product) =>
        product.Obj("price") is { ValueKind: JsonValueKind.Object } money ? money.Dec("amount") : product.Dec("price");

    public static string MapStatus(string ozon) => ozon switch
    {
        "awaiting_deliver" => StoreStatus.Confirmed,
        "delivering" or "driver_pickup" or "arbitration" or "client_arbitration" => StoreStatus.Shipped,
        "delivered" => StoreStatus.Delivered,
        "cancelled" or "not_accepted" or "cancelled_from_split_pending" => StoreStatus.Cancelled,
        _ => StoreStatus.Pending,
    };
}
