using System.Net;
using System.Net.Http.Json;
using AmazingStore.Tests.Infrastructure;
using Npgsql;
using static AmazingStore.Tests.Faults.FaultKit;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>The webhook processor's claim is committed before the marketplace call, not held open across it.</summary>
public sealed class WebhookClaimTests
{
    private static object Push(string posting) => new
    {
        message_type = "TYPE_NEW_POSTING", posting_number = posting, products = new[] { new { sku = 147451939, offer_id = "OFFER-1", quantity = 1 } },
        in_process_at = "2021-01-26T06:56:36.294Z", warehouse_id = 22001, seller_id = 15,
    };

    private static int Gets(FakeOzon ozon, string posting) => ozon.Received("POST", "/v3/posting/fbs/get").Count(r => r.Body.Contains(posting));

    [Fact]
    public async Task A_slow_marketplace_call_holds_no_row_lock_and_only_a_claim_past_its_lease_is_taken_over()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("CLAIM-1", 80000, 5);
        await bed.MapEverywhereAsync((p, 1));
        bed.Ozon.AddPosting("30000001-0001-1", "awaiting_packaging", "OFFER-1", 1, "80000");
        bed.Ozon.Delay = TimeSpan.FromSeconds(5);

        var reply = await bed.Host.Client.PostAsJsonAsync("/webhooks/ozon", Push("30000001-0001-1"));
        Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
        await MarketplaceBed.WaitUntilAsync(() => Task.FromResult(bed.Ozon.InFlight == 1), TimeSpan.FromSeconds(10), "the re-read to hang at OZON");

        // While OZON is slow the row is committed as claimed, and another connection can lock it at once.
        await using (var conn = new NpgsqlConnection(bed.ConnectionString))
        {
            await conn.OpenAsync();
            await using var tx = await conn.BeginTransactionAsync();
            await using var cmd = new NpgsqlCommand(
                "SELECT status, attempts, claimed_until > now() FROM marketplace_webhooks WHERE payload->>'posting_number' = '30000001-0001-1' FOR UPDATE NOWAIT", conn, tx);
            await using (var r = await cmd.ExecuteReaderAsync())
            {
                Assert.True(await r.ReadAsync());
                Assert.Equal(("processing", 1, true), (r.GetString(0), r.GetInt32(1), r.GetBoolean(2)));
            }
            await tx.RollbackAsync();
        }
        Assert.Equal(1, bed.Ozon.InFlight); // the lock was taken while the call still hung

        await MarketplaceBed.WaitUntilAsync(async () => await bed.Host.ScalarAsync<string>(
            "SELECT status FROM marketplace_webhooks WHERE payload->>'posting_number' = '30000001-0001-1'") == "processed", TimeSpan.FromSeconds(20), "the push to be processed");
        Assert.Equal(1, Gets(bed.Ozon, "30000001-0001-1"));
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM orders WHERE marketplace_order_id = '30000001-0001-1'"));
        Assert.Equal((1, true), (await bed.Host.ScalarAsync<int>("SELECT attempts FROM marketplace_webhooks"),
            await bed.Host.ScalarAsync<bool>("SELECT claimed_until IS NULL FROM marketplace_webhooks")));

        // Rows as two other workers left them: one still within its claim, one that died and whose claim passed.
        bed.Ozon.Delay = null;
        bed.Ozon.AddPosting("30000002-0001-1", "awaiting_packaging", "OFFER-1", 1, "80000");
        bed.Ozon.AddPosting("30000003-0001-1", "awaiting_packaging", "OFFER-1", 1, "80000");
        await bed.Host.ScalarAsync<int>("""
            INSERT INTO marketplace_webhooks (marketplace_id, event_type, payload, status, attempts, claimed_until)
            SELECT m.id, 'TYPE_NEW_POSTING', jsonb_build_object('message_type', 'TYPE_NEW_POSTING', 'posting_number', v.posting, 'seller_id', 15),
                   'processing', 1, now() + v.lease
              FROM marketplaces m, (VALUES ('30000002-0001-1', interval '1 hour'), ('30000003-0001-1', interval '-1 second')) v(posting, lease)
             WHERE m.slug = 'ozon'
            RETURNING 1
            """);
        await MarketplaceBed.WaitUntilAsync(async () => await bed.Host.ScalarAsync<string>(
            "SELECT status FROM marketplace_webhooks WHERE payload->>'posting_number' = '30000003-0001-1'") == "processed", TimeSpan.FromSeconds(20), "the expired claim to be taken over");

        Assert.Equal(2, await bed.Host.ScalarAsync<int>("SELECT attempts FROM marketplace_webhooks WHERE payload->>'posting_number' = '30000003-0001-1'"));
        Assert.Equal(1, Gets(bed.Ozon, "30000003-0001-1"));
        // The live claim (older, so it would have come first) was left to its worker.
        Assert.Equal(("processing", 1), (await bed.Host.ScalarAsync<string>("SELECT status FROM marketplace_webhooks WHERE payload->>'posting_number' = '30000002-0001-1'"),
            await bed.Host.ScalarAsync<int>("SELECT attempts FROM marketplace_webhooks WHERE payload->>'posting_number' = '30000002-0001-1'")));
        Assert.Equal(0, Gets(bed.Ozon, "30000002-0001-1"));
    }

    [Fact]
    public async Task A_push_claimed_by_a_host_killed_mid_call_is_processed_after_restart_once_its_claim_passed()
    {
        var cs = await TestPostgres.CreateDatabaseAsync();
        // The fakes live in this test process, the host in another: the kill leaves them standing.
        await using var bed = await MarketplaceBed.StartFakesAsync();
        var settings = MarketplaceBed.Settings(new Dictionary<string, string?>
        {
            // Room for the restarted host's first, cold attempt on a busy machine: the attempt may last no longer than its claim.
            ["Marketplaces:WebhookClaimLease"] = "00:00:10",
            ["Marketplaces:RequestTimeout"] = "00:01:00",
        });
        const string posting = "30000009-0001-1";
        var store = await StoreProcess.StartAsync(cs, settings);
        int product;
        try
        {
            bed.Attach(store.Client, cs);
            await bed.ConfigureAsync();
            product = await bed.AddProductAsync("KILLHOOK-1", 1000, 3);
            await bed.MapEverywhereAsync((product, 1));
            bed.Ozon.AddPosting(posting, "awaiting_packaging", "OFFER-1", 1, "1000");
            bed.Ozon.Delay = TimeSpan.FromSeconds(60);
            var reply = await store.Client.PostAsJsonAsync("/webhooks/ozon", Push(posting));
            Assert.Equal(HttpStatusCode.OK, reply.StatusCode);
            await WaitUntilAsync(() => Task.FromResult(bed.Ozon.InFlight == 1), TimeSpan.FromSeconds(20), "the re-read to hang at OZON");
            await store.KillAsync();
        }
        finally { await store.DisposeAsync(); }

        // The dead worker's claim was committed: the row stays claimed until its lease passes.
        Assert.Equal("processing/1", await ScalarAsync<string>(cs, "SELECT status || '/' || attempts FROM marketplace_webhooks"));
        var claimedUntil = await ScalarAsync<DateTime>(cs, "SELECT claimed_until FROM marketplace_webhooks");
        Assert.Equal(0L, await ScalarAsync<long>(cs, "SELECT count(*) FROM orders"));

        bed.Ozon.Delay = null;
        await using var again = await StoreProcess.StartAsync(cs, settings);
        await WaitUntilAsync(async () => await ScalarAsync<string>(cs, "SELECT status FROM marketplace_webhooks") == "processed",
            TimeSpan.FromSeconds(30), "the push to be processed after the restart");

        // The killed attempt counted; one after the restart finished it (with no error on the row). On a
        // very slow machine the restarted host's cold first attempt can outlive its own lease and a third
        // attempt finishes: what must hold is at most one re-read per attempt (a cold attempt can run out of
        // its claim before it reaches OZON at all; seen once in CI) and one order.
        var attempts = await ScalarAsync<int>(cs, "SELECT attempts FROM marketplace_webhooks");
        Assert.InRange(attempts, 2, 3);
        Assert.Equal("", await ScalarAsync<string>(cs, "SELECT coalesce(error_message, '') FROM marketplace_webhooks"));
        var gets = bed.Ozon.Received("POST", "/v3/posting/fbs/get");
        Assert.InRange(gets.Count, 2, attempts);
        Assert.True(gets[1].At >= claimedUntil.ToUniversalTime(), $"re-read at {gets[1].At:O}, before the claim passed at {claimedUntil:O}");
        Assert.Equal(1L, await ScalarAsync<long>(cs, $"SELECT count(*) FROM orders WHERE marketplace_order_id = '{posting}'"));
        Assert.Equal(1, await ScalarAsync<int>(cs, "SELECT reserved_quantity FROM inventory WHERE product_id = $1", product));
    }
}
