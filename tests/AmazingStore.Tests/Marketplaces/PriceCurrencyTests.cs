using System.Net;
using System.Text.Json;
using AmazingStore.Web.Marketplaces.Sync;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>Prices go to each marketplace in its own currency, converted at the configured rate, or not at all.</summary>
public sealed class PriceCurrencyTests
{
    [Fact]
    public async Task A_marketplace_without_a_currency_gets_no_prices_and_the_refusal_is_shown_in_its_sync_log()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("CUR-1", 150000, 3, salePrice: 120000);
        await bed.MapEverywhereAsync((p, 1));
        await bed.PutAsync("/api/admin/marketplaces/ozon", new { settings = new Dictionary<string, string?> { ["currency_code"] = null, ["uzs_per_unit"] = null } });

        var ozon = Assert.Single(await bed.RunAsync("ozon", SyncTypes.Price));
        Assert.Equal(SyncStatuses.Failed, ozon.Status);
        Assert.Empty(bed.Ozon.Received("POST", "/v1/product/import/prices"));
        // Uzum sells in so'm: no setting needed, the prices go as they are.
        Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync("uzum", SyncTypes.Price)).Status);
        Assert.Equal((120000L, 150000L), bed.Uzum.Prices[9001]);

        // What the owner sees: the run, failed, saying what to set.
        var (status, body) = await bed.SendAsync(HttpMethod.Get, "/api/admin/sync-logs?marketplace=ozon&type=price");
        Assert.Equal(HttpStatusCode.OK, status);
        var log = JsonDocument.Parse(body).RootElement.GetProperty("items")[0];
        Assert.Equal("failed", log.GetProperty("status").GetString());
        Assert.Equal("prices not sent: ozon does not sell in so'm; set settings.currency_code and settings.uzs_per_unit", log.GetProperty("error_message").GetString());
    }

    [Fact]
    public async Task Currency_settings_are_validated_and_a_new_rate_resends_every_price_converted_and_rounded()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var a = await bed.AddProductAsync("CUR-2", 150000, 3, salePrice: 120000);
        var b = await bed.AddProductAsync("CUR-3", 99999, 3);
        await bed.MapEverywhereAsync((a, 1), (b, 2));

        async Task<string> RefusedAsync(string slug, object settings)
        {
            var (status, body) = await bed.SendAsync(HttpMethod.Put, $"/api/admin/marketplaces/{slug}", new { settings });
            Assert.Equal(HttpStatusCode.BadRequest, status);
            return body;
        }
        Assert.Contains("ozon takes prices in RUB, BYN, KZT, EUR, USD, CNY only, not UZS", await RefusedAsync("ozon", new { currency_code = "UZS" }));
        Assert.Contains("uzs_per_unit (so'm per 1 RUB) must be a positive number", await RefusedAsync("ozon", new Dictionary<string, string?> { ["currency_code"] = "RUB", ["uzs_per_unit"] = "0" }));
        Assert.Contains("uzum takes prices in UZS only", await RefusedAsync("uzum", new { currency_code = "USD", uzs_per_unit = "12500" }));
        Assert.Contains("three ISO 4217 letters", await RefusedAsync("wildberries", new { currency_code = "rubles", uzs_per_unit = "150" }));

        await bed.PutAsync("/api/admin/marketplaces/ozon", new { settings = new { currency_code = "USD", uzs_per_unit = "12500" } });
        await bed.PutAsync("/api/admin/marketplaces/wildberries", new { settings = new { currency_code = "KZT", uzs_per_unit = "24.5" } });
        foreach (var slug in new[] { "ozon", "wildberries" })
            Assert.Equal(SyncStatuses.Success, Assert.Single(await bed.RunAsync(slug, SyncTypes.Price)).Status);
        // USD in cents: 120 000 / 12 500 = 9.60, 99 999 / 12 500 = 8.00 (7.99992); KZT whole tenge: 150 000 / 24.5 = 6 122.4 -> 6 122.
        Assert.Equal(("9.6", "12"), bed.Ozon.Prices["OFFER-1"]);
        Assert.Equal(("8", "0"), bed.Ozon.Prices["OFFER-2"]);
        Assert.Equal("USD", bed.Ozon.PriceCurrencies["OFFER-1"]);
        Assert.Equal(6122L, bed.Wb.Prices[100001].Price);
        Assert.Equal(4082L, bed.Wb.Prices[100002].Price);

        // Nothing changed: nothing is sent. A new rate: every price goes again, without a full push.
        Assert.Equal(0, Assert.Single(await bed.RunAsync("ozon", SyncTypes.Price)).Processed);
        await bed.PutAsync("/api/admin/marketplaces/ozon", new { settings = new { currency_code = "RUB", uzs_per_unit = "150" } });
        var again = Assert.Single(await bed.RunAsync("ozon", SyncTypes.Price));
        Assert.Equal((SyncStatuses.Success, 2), (again.Status, again.Processed));
        Assert.Equal(("800", "1000"), bed.Ozon.Prices["OFFER-1"]);
        Assert.Equal("RUB", bed.Ozon.PriceCurrencies["OFFER-2"]);
    }
}
