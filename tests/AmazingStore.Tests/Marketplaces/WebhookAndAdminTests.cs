using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AmazingStore.Tests.StoreApi;

namespace AmazingStore.Tests.Marketplaces;

public sealed class WebhookAndAdminTests
{
    [Fact]
    public async Task Ozon_ping_is_answered_and_a_duplicated_new_posting_imports_one_order()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("HOOK-1", 80000, 4);
        await bed.MapEverywhereAsync((p, 1));

        var ping = await bed.Host.Client.PostAsJsonAsync("/webhooks/ozon", new { message_type = "TYPE_PING", time = "2019-08-24T14:15:22Z" });
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        var pong = JsonDocument.Parse(await ping.Content.ReadAsStringAsync()).RootElement;
        Assert.False(string.IsNullOrEmpty(pong.GetProperty("version").GetString()));
        Assert.False(string.IsNullOrEmpty(pong.GetProperty("name").GetString()));
        Assert.True(DateTime.Parse(pong.GetProperty("time").GetString()!).ToUniversalTime() > DateTime.UtcNow.AddMinutes(-1));

        bed.Ozon.AddPosting("24319409-0021-1", "awaiting_packaging", "OFFER-1", 2, "80000");
        var push = new { message_type = "TYPE_NEW_POSTING", posting_number = "24319409-0021-1", products = new[] { new { sku = 147451939, offer_id = "OFFER-1", quantity = 2 } }, in_process_at = "2021-01-26T06:56:36.294Z", warehouse_id = 22001, seller_id = 15 };
        var replies = await Task.WhenAll(bed.Host.Client.PostAsJsonAsync("/webhooks/ozon", push), bed.Host.Client.PostAsJsonAsync("/webhooks/ozon", push));
        foreach (var r in replies)
        {
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            Assert.True(JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.GetProperty("result").GetBoolean());
        }
        await MarketplaceBed.WaitUntilAsync(async () => await bed.Host.ScalarAsync<long>("SELECT count(*) FROM marketplace_webhooks WHERE status IN ('pending', 'processing')") == 0,
            TimeSpan.FromSeconds(20), "the pushes to be processed");
        Assert.Equal(2L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM marketplace_webhooks WHERE event_type = 'TYPE_NEW_POSTING'"));
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders WHERE marketplace_order_id = '24319409-0021-1'"));
        Assert.Equal(2, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));
        Assert.NotEmpty(bed.Ozon.Received("POST", "/v3/posting/fbs/get")); // the push was re-read, not trusted

        // Someone else's seller_id is refused and not stored.
        var foreign = await bed.Host.Client.PostAsJsonAsync("/webhooks/ozon", new { message_type = "TYPE_NEW_POSTING", posting_number = "1-1-1", seller_id = 99 });
        Assert.Equal(HttpStatusCode.Forbidden, foreign.StatusCode);
        Assert.Equal(2L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM marketplace_webhooks"));
    }

    [Fact]
    public async Task Credentials_are_encrypted_at_rest_and_absent_from_replies_and_logs()
    {
        // This host's own log lines, through its real logging path (not the process-wide console, which other tests share).
        var (key, capture) = Faults.LogCapture.Settings();
        {
            await using var bed = await MarketplaceBed.StartAsync(capture);
            var p = await bed.AddProductAsync("SEC-1", 1000, 2);
            await bed.MapEverywhereAsync((p, 1));
            bed.Wb.Script.Enqueue(new FakeReply(500, """{"title":"boom"}""")); // a failure path is logged too
            foreach (var slug in new[] { "uzum", "wildberries", "ozon" }) await bed.RunAsync(slug, "all");

            var stored = await bed.Host.ScalarAsync<string>("SELECT string_agg(coalesce(credentials_encrypted, '') || settings::text, '|') FROM marketplaces");
            var (status, list) = await bed.SendAsync(HttpMethod.Get, "/api/admin/marketplaces");
            Assert.Equal(HttpStatusCode.OK, status);
            var items = JsonDocument.Parse(list).RootElement.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(4, items.Count);
            Assert.True(items.Single(i => i.GetProperty("slug").GetString() == "ozon").GetProperty("credentials_set").GetBoolean());
            Assert.False(items.Single(i => i.GetProperty("slug").GetString() == "amazing-store").GetProperty("credentials_set").GetBoolean());
            var (_, logs) = await bed.SendAsync(HttpMethod.Get, "/api/admin/sync-logs?marketplace=ozon&type=stock");
            var put = await bed.PutAsync("/api/admin/marketplaces/ozon", new { safety_buffer = 1 });
            var everything = list + logs + put.GetRawText();

            foreach (var secret in new[] { MarketplaceBed.UzumToken, MarketplaceBed.WbToken, MarketplaceBed.OzonKey, MarketplaceBed.OzonClient })
            {
                Assert.DoesNotContain(secret, stored);
                Assert.DoesNotContain(secret, everything);
                Assert.DoesNotContain(secret, string.Join('\n', Faults.LogCapture.Of(key)));
            }
            // The log did capture this host's marketplace requests, the failing one included.
            Assert.Contains(Faults.LogCapture.Of(key), l => l.Contains("ozon", StringComparison.Ordinal));
            Assert.Contains(Faults.LogCapture.Of(key), l => l.Contains("500", StringComparison.Ordinal) && l.Contains("wildberries", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task Admin_endpoints_need_an_admin_and_sync_on_demand_is_202_and_shows_up_in_sync_logs()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var anonymous = await bed.Host.Client.GetAsync("/api/admin/marketplaces");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        var customer = await bed.Host.Client.SendAsync(InitData.Request(HttpMethod.Get, "/api/admin/marketplaces", InitData.For(12345)));
        Assert.Equal(HttpStatusCode.Forbidden, customer.StatusCode);

        var p = await bed.AddProductAsync("ADM-1", 1000, 7);
        await bed.MapEverywhereAsync((p, 1));
        var (mapStatus, mapping) = await bed.SendAsync(HttpMethod.Get, "/api/admin/marketplaces/wildberries/products");
        Assert.Equal(HttpStatusCode.OK, mapStatus);
        var row = JsonDocument.Parse(mapping).RootElement.GetProperty("items")[0];
        Assert.Equal("100001", row.GetProperty("marketplace_product_id").GetString());
        Assert.Equal("700001", row.GetProperty("marketplace_sku").GetString());
        var (bad, _) = await bed.SendAsync(HttpMethod.Put, "/api/admin/marketplaces/wildberries/products", new[] { new { product_id = p, marketplace_product_id = "x", marketplace_sku = "y" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad);

        var (accepted, _) = await bed.SendAsync(HttpMethod.Post, "/api/admin/marketplaces/ozon/sync", new { type = "stock" });
        Assert.Equal(HttpStatusCode.Accepted, accepted);
        await MarketplaceBed.WaitUntilAsync(async () => await bed.Host.ScalarAsync<long>("SELECT count(*) FROM sync_logs WHERE trigger_type = 'manual'") > 0,
            TimeSpan.FromSeconds(30), "the on-demand run");
        Assert.Equal(7, bed.Ozon.Stock[$"OFFER-1@{MarketplaceBed.OzonWarehouse}"]);
        var (_, logs) = await bed.SendAsync(HttpMethod.Get, "/api/admin/sync-logs?marketplace=ozon&type=stock&status=success");
        var log = JsonDocument.Parse(logs).RootElement.GetProperty("items")[0];
        Assert.Equal("push", log.GetProperty("direction").GetString());
        Assert.Equal(1, log.GetProperty("items_processed").GetInt32());

        var (unknown, _) = await bed.SendAsync(HttpMethod.Post, "/api/admin/marketplaces/ozon/sync", new { type = "everything" });
        Assert.Equal(HttpStatusCode.BadRequest, unknown);
    }
}
