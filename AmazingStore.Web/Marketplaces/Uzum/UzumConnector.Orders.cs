using System.Globalization;
using System.Net;
using System.Text.Json;
using AmazingStore.Web.Marketplaces.Connectors;

namespace AmazingStore.Web.Marketplaces.Uzum;

/// <summary>
/// Orders: <c>GET /v2/fbs/orders</c> takes one <c>status</c> per request and without one answers only
/// CREATED orders, so every status <see cref="MapStatus"/> knows is listed in turn (an order that moved to
/// PACKING between two polls, a cancellation, a return would otherwise never be seen). Open orders older
/// than the poll window are re-read one by one through <c>GET /v1/fbs/order/{orderId}</c>.
/// </summary>
public sealed partial class UzumConnector
{
    /// <summary>
    /// Every status of Uzum's FBS/DBS enum, each mapped to one of ours. Asked in workflow order, so an order that
    /// moves on while the lists are read is met again in a later list rather than slipping between two.
    /// </summary>
    public static readonly IReadOnlyList<string> PolledStatuses =
    [
        "CREATED", "PACKING", "PENDING_DELIVERY", "DELIVERING", "ACCEPTED_AT_DP", "DELIVERED_TO_CUSTOMER_DELIVERY_POINT",
        "DELIVERED", "COMPLETED", "PENDING_CANCELLATION", "CANCELED", "RETURNED",
    ];

    /// <summary>Pages per status and run: 10 000 orders of one status inside one poll window.</summary>
    private const int MaxOrderPages = 200;

    public async Task<IReadOnlyList<ExternalOrder>> FetchOrdersAsync(MarketplaceContext ctx, DateTime since, CancellationToken ct)
    {
        var shopId = Uri.EscapeDataString(ShopId(ctx));
        var from = new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)).ToUnixTimeSeconds();
        var to = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds();
        var byId = new Dictionary<string, ExternalOrder>();
        foreach (var status in PolledStatuses)
        {
            var seen = new HashSet<string>();
            for (var page = 0; page < MaxOrderPages; page++)
            {
                var path = string.Create(CultureInfo.InvariantCulture,
                    $"/v2/fbs/orders?shopIds={shopId}&status={status}&dateFrom={from}&dateTo={to}&page={page}&size={OrdersPageSize}");
                using var r = await http.SendAsync(Slug, () => Request(ctx, HttpMethod.Get, path, null), ct);
                await MarketplaceHttp.EnsureSuccessAsync(r, $"uzum list {status} orders", ct);
                using var doc = await r.ReadJsonAsync(ct);
                var list = doc.RootElement.Obj("payload").Arr("orders").ToList();
                var fresh = 0;
                foreach (var order in list.Select(Map).Where(o => o.ExternalId.Length > 0))
                {
                    if (seen.Add(order.ExternalId)) fresh++;
                    Keep(byId, order);
                }
                // payload.totalAmount is missing in real replies: a short page is the last one. A full page
                // with nothing new means the page number was ignored; asking on would only repeat it.
                if (list.Count < OrdersPageSize || fresh == 0) break;
            }
        }
        return byId.Values.ToList();
    }

    /// <summary>An order that changed status while the lists were read shows up twice: the later status wins.</summary>
    private static void Keep(Dictionary<string, ExternalOrder> byId, ExternalOrder order)
    {
        if (!byId.TryGetValue(order.ExternalId, out var had) || StoreStatus.Rank(order.Status) >= StoreStatus.Rank(had.Status))
            byId[order.ExternalId] = order;
    }

    public Task<ExternalOrder?> FetchOrderAsync(MarketplaceContext ctx, string externalId, CancellationToken ct) =>
        ReadOrderAsync(ctx, externalId, ct);

    public async Task<IReadOnlyList<ExternalOrder>> RefreshOrdersAsync(MarketplaceContext ctx, IReadOnlyList<OpenOrder> open, CancellationToken ct)
    {
        var read = new ExternalOrder?[open.Count];
        // Two in flight, as for stock: the rate limiter still spaces them, and 40 round trips one after the
        // other would make the orders run wait on each in turn.
        await Parallel.ForEachAsync(Enumerable.Range(0, open.Count), new ParallelOptions { MaxDegreeOfParallelism = 2, CancellationToken = ct },
            async (n, token) => read[n] = await ReadOrderAsync(ctx, open[n].ExternalId, token));
        return read.OfType<ExternalOrder>().ToList();
    }

    /// <summary>
    /// One order by id; null when Uzum does not know it (404, or a 400 for an id it refuses): the caller asks
    /// again next run. Rejected credentials, 5xx and exhausted 429 retries fail the run.
    /// </summary>
    private async Task<ExternalOrder?> ReadOrderAsync(MarketplaceContext ctx, string externalId, CancellationToken ct)
    {
        // Uzum order ids are numbers; anything else cannot be one (and must not reach the URL path).
        if (!long.TryParse(externalId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)) return null;
        var path = string.Create(CultureInfo.InvariantCulture, $"/v1/fbs/order/{id}");
        using var r = await http.SendAsync(Slug, () => Request(ctx, HttpMethod.Get, path, null), ct);
        if (r.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest) return null;
        await MarketplaceHttp.EnsureSuccessAsync(r, "uzum read order", ct);
        using var doc = await r.ReadJsonAsync(ct);
        var payload = doc.RootElement.Obj("payload");
        if (payload.ValueKind != JsonValueKind.Object || payload.Str("id") is null) return null;
        return Map(payload);
    }

    /// <summary>
    /// One line per SKU when the item names it (a product's sizes or colours are separate SKUs, each mapped to
    /// its own product of ours by marketplace_sku); otherwise per product, as Uzum's spec lists only productId.
    /// </summary>
    private static ExternalOrder Map(JsonElement o)
    {
        var status = o.Str("status") ?? "";
        var info = o.Obj("deliveryInfo");
        var lines = o.Arr("orderItems")
            .GroupBy(i => i.Str("skuId") is { Length: > 0 } sku
                ? (Key: sku, Kind: ExternalKeyKind.MarketplaceSku)
                : (Key: i.Str("productId") ?? i.Str("sellerSkuCode") ?? "", Kind: ExternalKeyKind.MarketplaceProductId))
            .Select(g => new ExternalOrderLine(
                g.Key.Key, g.Key.Kind,
                g.Sum(i => (int)(i.Long("amount") ?? 0)),
                g.First().Dec("sellerPrice"),
                g.First().Str("sellerSkuCode"),
                g.First().Str("skuTitle")))
            .ToList();
        return new ExternalOrder(o.Str("id") ?? "", MapStatus(status), status, lines,
            info.Str("customerFullname") ?? "", info.Str("customerPhone") ?? "",
            info.Str("deliveryAddress"), info.Str("deliveryComment"));
    }

    public static string MapStatus(string uzum) => uzum switch
    {
        "CREATED" => StoreStatus.Pending,
        "PACKING" => StoreStatus.Confirmed,
        "PENDING_DELIVERY" or "DELIVERING" => StoreStatus.Shipped,
        "DELIVERED" or "ACCEPTED_AT_DP" or "DELIVERED_TO_CUSTOMER_DELIVERY_POINT" or "COMPLETED" => StoreStatus.Delivered,
        "CANCELED" or "PENDING_CANCELLATION" or "RETURNED" => StoreStatus.Cancelled,
        _ => StoreStatus.Pending,
    };
}
