using System.Globalization;
using System.Net;
using System.Text.Json;
using AmazingStore.Tests.CatalogFiles;
using AmazingStore.Tests.Marketplaces;

namespace AmazingStore.Tests.Pricing;

/// <summary>
/// The admin's price preview shows exactly what each marketplace's push sends, also where the ruled price has a
/// fraction: Wildberries whole roubles with a whole-percent discount, Uzum whole so'm, OZON kopecks as strings.
/// </summary>
public sealed class PricePreviewTests
{
    private static async Task<JsonElement> PreviewAsync(MarketplaceBed bed, string slug, int productId)
    {
        var (status, text) = await bed.SendAsync(HttpMethod.Get, $"/api/admin/marketplaces/{slug}/prices?product_id={productId}");
        Assert.True(status == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("items")[0].Clone();
    }

    private static decimal? Dec(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Number ? e.GetProperty(name).GetDecimal() : null;

    private static string Money(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>What the push would send, read off the preview, in each fake's terms.</summary>
    private static object Sent(string slug, JsonElement p)
    {
        var (price, sale) = (Dec(p, "marketplace_price")!.Value, Dec(p, "marketplace_sale_price"));
        return slug switch
        {
            "uzum" => ((long)(sale ?? price), (long)price),
            "wildberries" => ((long)price, p.GetProperty("marketplace_discount_percent").GetInt32()),
            _ => (Money(sale ?? price), sale is null ? "0" : Money(price)),
        };
    }

    private static object? Received(MarketplaceBed bed, string slug, int n) => slug switch
    {
        "uzum" => bed.Uzum.Prices.TryGetValue(9000 + n, out var u) ? u : null,
        "wildberries" => bed.Wb.Prices.TryGetValue(100000 + n, out var w) ? w : null,
        _ => bed.Ozon.Prices.TryGetValue($"OFFER-{n}", out var o) ? o : null,
    };

    [Fact]
    public async Task Each_marketplaces_preview_equals_what_its_next_price_push_sends_even_for_a_ruled_price_with_a_fraction()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var ids = new List<(int Id, int N)>();
        async Task Add(int n, decimal price, decimal? sale) =>
            ids.Add((await CatalogFileKit.CreateProductAsync(bed, new { sku = $"PV-{n}", name_uz = $"Ko'rinish {n}", price, sale_price = sale, initial_stock = 1 }), n));
        await Add(1, 10_000m, null);      // WB: 11 500 so'm = 76.67 RUB → 77
        await Add(2, 10_000m, 9_000m);    // WB: 77 less a whole 10 % (the sale is 69 RUB)
        await Add(3, 10_000m, 9_990m);    // WB: the sale rounds up to the price: no discount at all
        await Add(4, 12_345.67m, null);   // Uzum: 13 580.24 so'm → 13 580; OZON 92.18 RUB
        await bed.MapEverywhereAsync(ids.ToArray());

        // No rounding step in any rule: what rounds is only what the marketplace takes.
        await bed.PutAsync("/api/admin/marketplaces/uzum/price-rule", new { markup_percent = 10 });
        await bed.PutAsync("/api/admin/marketplaces/wildberries/price-rule", new { markup_percent = 15 });
        await bed.PutAsync("/api/admin/marketplaces/ozon/price-rule", new { markup_percent = 12 });
        var slugs = new[] { "uzum", "wildberries", "ozon" };
        var previews = new Dictionary<(string, int), JsonElement>();
        foreach (var slug in slugs)
            foreach (var (id, n) in ids)
                previews[(slug, n)] = await PreviewAsync(bed, slug, id);

        // The rule change queued a push of every price; a push queued at creation may land first with the unruled
        // price, so wait (bounded) until every fake holds what the preview shows.
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(previews.All(kv => Equals(Received(bed, kv.Key.Item1, kv.Key.Item2), Sent(kv.Key.Item1, kv.Value)))),
            TimeSpan.FromSeconds(60), "every marketplace to receive exactly the previewed prices");

        // And those figures are the whole-unit ones, not the ruled price's fraction.
        var wb1 = previews[("wildberries", 1)];
        Assert.Equal((76.67m, 77m), (Math.Round(11_500m / 150m, 2), Dec(wb1, "marketplace_price")!.Value));
        Assert.Equal((77L, 0), bed.Wb.Prices[100001]);
        Assert.Equal((77L, 10), bed.Wb.Prices[100002]);
        Assert.Equal(69.3m, Dec(previews[("wildberries", 2)], "marketplace_sale_price")); // what a buyer pays after the 10 %
        Assert.Equal((77L, 0), bed.Wb.Prices[100003]);
        Assert.Null(Dec(previews[("wildberries", 3)], "marketplace_sale_price"));
        Assert.Equal((13_580L, 13_580L), bed.Uzum.Prices[9004]);
        Assert.Equal(13_580.24m, Dec(previews[("uzum", 4)], "ruled_price")); // the so'm figure keeps the rule's tiyin
        Assert.Equal(("92.18", "0"), bed.Ozon.Prices["OFFER-4"]);
        Assert.Equal(("67.2", "74.67"), bed.Ozon.Prices["OFFER-2"]);
        foreach (var (_, n) in ids)
        {
            var p = previews[("wildberries", n)];
            Assert.Equal(decimal.Truncate(Dec(p, "marketplace_price")!.Value), Dec(p, "marketplace_price")!.Value);
            Assert.Equal(JsonValueKind.Null, previews[("uzum", n)].GetProperty("marketplace_discount_percent").ValueKind);
        }
    }
}
