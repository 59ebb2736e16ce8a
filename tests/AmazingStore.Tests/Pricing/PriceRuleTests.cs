using System.Globalization;
using System.Net;
using System.Text.Json;
using AmazingStore.Tests.CatalogFiles;
using AmazingStore.Tests.Marketplaces;

namespace AmazingStore.Tests.Pricing;

/// <summary>Issue 19 item 5: what each marketplace is sent follows its price rule and never falls under cost × (1 + min margin).</summary>
public sealed class PriceRuleTests
{
    private const decimal Rate = 150m; // so'm per rouble (MarketplaceBed.RubRate)

    private sealed record Item(int Id, int N, decimal Price, decimal? Sale, decimal? Cost);

    /// <summary>What a buyer pays on each marketplace, in so'm, as its fake recorded it.</summary>
    private static decimal PaidUzs(MarketplaceBed bed, string slug, int n) => slug switch
    {
        "uzum" => bed.Uzum.Prices[9000 + n].Sell,
        // WB: a whole-rouble price less a whole-percent discount.
        "wildberries" => bed.Wb.Prices[100000 + n] is var (price, discount) ? price * (100 - discount) / 100m * Rate : 0,
        _ => decimal.Parse(bed.Ozon.Prices[$"OFFER-{n}"].Price, CultureInfo.InvariantCulture) * Rate,
    };

    private static bool Heard(MarketplaceBed bed, string slug, int n) => slug switch
    {
        "uzum" => bed.Uzum.Prices.ContainsKey(9000 + n),
        "wildberries" => bed.Wb.Prices.ContainsKey(100000 + n),
        _ => bed.Ozon.Prices.ContainsKey($"OFFER-{n}"),
    };

    private static async Task<JsonElement> PreviewAsync(MarketplaceBed bed, string slug, int productId)
    {
        var (status, text) = await bed.SendAsync(HttpMethod.Get, $"/api/admin/marketplaces/{slug}/prices?product_id={productId}");
        Assert.True(status == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("items")[0].Clone();
    }

    [Fact]
    public async Task Pushed_prices_follow_each_marketplaces_rule_never_cross_the_margin_floor_and_match_the_preview()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var items = new List<Item>();
        async Task Add(int n, decimal price, decimal? sale, decimal? cost) => items.Add(new Item(
            await CatalogFileKit.CreateProductAsync(bed, new { sku = $"PR-{n}", name_uz = $"Narx {n}", price, sale_price = sale, cost_price = cost, initial_stock = 1 }),
            n, price, sale, cost));
        await Add(1, 10000m, null, 5000m);     // markup alone
        await Add(2, 10000m, 9000m, 9000m);    // the sale price is lifted to the floor
        await Add(3, 1000m, null, 2000m);      // sold under cost in the shop: the floor decides
        await Add(4, 12345m, null, null);      // no cost, no floor: markup and rounding
        await bed.MapEverywhereAsync(items.Select(i => (i.Id, i.N)).ToArray());

        await bed.PutAsync("/api/admin/marketplaces/uzum/price-rule", new { markup_percent = 10, round_to = 100, min_margin_percent = 20 });
        await bed.PutAsync("/api/admin/marketplaces/wildberries/price-rule", new { markup_percent = 15, round_to = 50, min_margin_percent = 25 });
        // OZON: no fixed markup, so its commission rate is the markup.
        var ozonRule = await bed.PutAsync("/api/admin/marketplaces/ozon/price-rule", new { markup_percent = (decimal?)null, min_margin_percent = 5, commission_rate = 12 });
        Assert.Equal(("commission", 12m), (ozonRule.GetProperty("markup_source").GetString(), ozonRule.GetProperty("markup_percent").GetDecimal()));

        // No manual run: changing a rule queues the push of every price.
        var margins = new Dictionary<string, decimal> { ["uzum"] = 20, ["wildberries"] = 25, ["ozon"] = 5 };
        // A push queued when the products were created may land first, with the unruled price: wait for the ruled
        // one (a wrong rule still fails, by timing out on these figures).
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(margins.Keys.All(s => items.All(i => Heard(bed, s, i.N)))
                && bed.Uzum.Prices.TryGetValue(9001, out var uz) && uz == (11000L, 11000L)
                && bed.Ozon.Prices.TryGetValue("OFFER-1", out var oz) && oz == ("74.67", "0")
                // Each item's ruled price can come in a push of its own, after another item's: wait for the last asserted.
                && bed.Uzum.Prices.TryGetValue(9003, out var uz3) && uz3 == (2400L, 2400L)
                && bed.Ozon.Prices.TryGetValue("OFFER-3", out var oz3) && oz3 == ("14", "0")),
            TimeSpan.FromSeconds(60), "every marketplace to be sent every ruled price");

        // Uzum in so'm, exactly: ×1.10 rounded to 100, floor cost × 1.20 rounded up to 100.
        Assert.Equal((11000L, 11000L), bed.Uzum.Prices[9001]);
        Assert.Equal((10800L, 11000L), bed.Uzum.Prices[9002]);
        Assert.Equal((2400L, 2400L), bed.Uzum.Prices[9003]);
        Assert.Equal((13600L, 13600L), bed.Uzum.Prices[9004]);
        // OZON in roubles: 10000 × 1.12 / 150 = 74.67; product 3's floor 2000 × 1.05 / 150 = 14 exactly.
        Assert.Equal(("74.67", "0"), bed.Ozon.Prices["OFFER-1"]);
        Assert.Equal(("14", "0"), bed.Ozon.Prices["OFFER-3"]);

        foreach (var slug in margins.Keys)
            foreach (var i in items)
            {
                if (i.Cost is { } cost)
                    Assert.True(PaidUzs(bed, slug, i.N) >= cost * (1 + margins[slug] / 100m),
                        $"{slug} product {i.N}: pays {PaidUzs(bed, slug, i.N)} so'm, floor {cost * (1 + margins[slug] / 100m)}");
                // The preview is what was sent.
                var preview = await PreviewAsync(bed, slug, i.Id);
                var sent = preview.GetProperty("marketplace_sale_price").ValueKind == JsonValueKind.Number
                    ? preview.GetProperty("marketplace_sale_price").GetDecimal() : preview.GetProperty("marketplace_price").GetDecimal();
                if (slug == "uzum") Assert.True(bed.Uzum.Prices[9000 + i.N].Sell == sent, $"uzum {i.N}: sent {bed.Uzum.Prices[9000 + i.N]}, preview {preview}");
                if (slug == "ozon")
                    Assert.True(decimal.Parse(bed.Ozon.Prices[$"OFFER-{i.N}"].Price, CultureInfo.InvariantCulture) == sent, $"ozon {i.N}: sent {bed.Ozon.Prices[$"OFFER-{i.N}"]}, preview {preview}");
            }
        var two = await PreviewAsync(bed, "uzum", items[1].Id);
        Assert.Equal((10800m, true, 11000m), (two.GetProperty("floor").GetDecimal(), two.GetProperty("at_floor").GetBoolean(), two.GetProperty("ruled_price").GetDecimal()));
    }

    [Fact]
    public async Task A_random_catalog_under_random_rules_never_sells_under_the_floor_anywhere_and_a_cost_rise_lifts_the_price()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var random = new Random(19_05);
        var items = new List<Item>();
        for (var n = 1; n <= 30; n++)
        {
            var price = random.Next(100, 2_000_000) + random.Next(0, 100) / 100m;
            decimal? sale = random.Next(3) == 0 ? Math.Round(price * (decimal)(0.5 + random.NextDouble() * 0.5), 2) : null;
            decimal? cost = random.Next(6) == 0 ? null : Math.Round(price * (decimal)(0.3 + random.NextDouble() * 1.2), 2);
            items.Add(new Item(await CatalogFileKit.CreateProductAsync(bed, new { sku = $"RND-{n}", name_uz = $"Tasodifiy {n}", price, sale_price = sale, cost_price = cost }),
                n, price, sale, cost));
        }
        await bed.MapEverywhereAsync(items.Select(i => (i.Id, i.N)).ToArray());
        var margins = new Dictionary<string, decimal>();
        foreach (var slug in new[] { "uzum", "wildberries", "ozon" })
        {
            margins[slug] = random.Next(0, 60);
            await bed.PutAsync($"/api/admin/marketplaces/{slug}/price-rule", new
            {
                markup_percent = random.Next(-20, 40), round_to = new decimal?[] { null, 1, 100, 500, 0.5m }[random.Next(5)], min_margin_percent = margins[slug],
            });
        }
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(margins.Keys.All(s => items.All(i => Heard(bed, s, i.N)))),
            TimeSpan.FromSeconds(60), "every ruled price to be sent");
        foreach (var slug in margins.Keys)
            foreach (var i in items.Where(i => i.Cost is not null))
                Assert.True(PaidUzs(bed, slug, i.N) >= i.Cost!.Value * (1 + margins[slug] / 100m), $"{slug} product {i.N} under its floor");

        // The cost of one product rises past its price: every marketplace is sent the new floor, unasked.
        var target = items.First(i => i.Cost is not null && i.Sale is null);
        var newCost = target.Price * 2;
        var (status, text) = await bed.SendAsync(HttpMethod.Put, $"/api/admin/products/{target.Id}",
            new { sku = $"RND-{target.N}", name_uz = $"Tasodifiy {target.N}", price = target.Price, cost_price = newCost });
        Assert.True(status == HttpStatusCode.OK, text);
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(margins.Keys.All(s => PaidUzs(bed, s, target.N) >= newCost * (1 + margins[s] / 100m))),
            TimeSpan.FromSeconds(60), "the raised cost to lift every marketplace price");
    }

    [Fact]
    public async Task A_rule_changed_while_a_price_run_is_sending_still_reaches_the_marketplace()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        // Only the runs this test starts: automatic pushes would race it.
        await bed.PutAsync("/api/admin/marketplaces/ozon", new { auto_sync_enabled = false });
        var id = await CatalogFileKit.CreateProductAsync(bed, new { sku = "RACE-1", name_uz = "Poyga", price = 1000m, cost_price = 2000m, initial_stock = 1 });
        await bed.MapEverywhereAsync((id, 1));

        // A slow OZON: the first price run (the floor at cost: 2000 / 150 = 13.34) is still sending when the rule changes.
        bed.Ozon.Delay = TimeSpan.FromSeconds(1.5);
        var run = bed.RunAsync("ozon", "price");
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(bed.Ozon.InFlight > 0), TimeSpan.FromSeconds(20), "the price run to reach OZON");
        await bed.PutAsync("/api/admin/marketplaces/ozon/price-rule", new { markup_percent = 0, min_margin_percent = 5 });
        await run;
        Assert.Equal(("13.34", "0"), bed.Ozon.Prices["OFFER-1"]);

        // The next run sends the new floor (2000 × 1.05 / 150 = 14): the rule's reset was not overwritten by the run
        // that was sending when it came.
        bed.Ozon.Delay = null;
        await bed.RunAsync("ozon", "price");
        Assert.Equal(("14", "0"), bed.Ozon.Prices["OFFER-1"]);
    }

    [Fact]
    public async Task A_rule_is_validated_and_without_one_the_markup_is_the_commission_rate()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var (status, text) = await bed.SendAsync(HttpMethod.Get, "/api/admin/marketplaces/uzum/price-rule");
        Assert.True(status == HttpStatusCode.OK, text);
        var rule = JsonDocument.Parse(text).RootElement;
        Assert.Equal(("none", 0m, 0m), (rule.GetProperty("markup_source").GetString(), rule.GetProperty("markup_percent").GetDecimal(),
            rule.GetProperty("min_margin_percent").GetDecimal()));
        (status, text) = await bed.SendAsync(HttpMethod.Put, "/api/admin/marketplaces/uzum/price-rule", new { markup_percent = 10, round_to = -5, min_margin_percent = 2000 });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("round_to", text);
        Assert.Contains("min_margin_percent", text);
        (status, _) = await bed.SendAsync(HttpMethod.Get, "/api/admin/marketplaces/amazing-store/price-rule");
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(0L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM marketplace_price_rules"));
    }
}
