using System.Globalization;
using System.Text.Json.Nodes;
using AmazingStore.Web.Marketplaces.Sync;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>Each order poll asks the marketplace from the last successful poll minus the overlap (10 min), 2 days without one, 7 days at most.</summary>
public sealed class OrderPollWindowTests
{
    private static readonly TimeSpan Overlap = TimeSpan.FromMinutes(10);

    private static long Seconds(DateTime t) => new DateTimeOffset(t, TimeSpan.Zero).ToUnixTimeSeconds();

    /// <summary>What the last order list request asked from, as Unix seconds, in each marketplace's format.</summary>
    private static long AskedFrom(MarketplaceBed bed, string slug) => slug switch
    {
        "uzum" => long.Parse(bed.Uzum.Received("GET", "/v2/fbs/orders")[^1].Query["dateFrom"], CultureInfo.InvariantCulture),
        "wildberries" => long.Parse(bed.Wb.Received("GET", "/api/v3/orders").Last(r => r.Path == "/api/v3/orders").Query["dateFrom"], CultureInfo.InvariantCulture),
        _ => Seconds(DateTime.Parse(JsonNode.Parse(bed.Ozon.Received("POST", "/v4/posting/fbs/list")[^1].Body)!["filter"]!["since"]!.GetValue<string>(),
            CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)),
    };

    private static Task<DateTime> LastSuccessAsync(MarketplaceBed bed, string slug) => bed.Host.ScalarAsync<DateTime>("""
        SELECT max(l.started_at) FROM sync_logs l JOIN marketplaces m ON m.id = l.marketplace_id
         WHERE m.slug = $1 AND l.sync_type = 'orders' AND l.status = 'success'
        """, slug);

    /// <summary>Polls and returns the bounds of "now" around it, for windows relative to the poll's own clock.</summary>
    private static async Task<(DateTime Before, DateTime After, SyncOutcome Outcome)> PollAsync(MarketplaceBed bed, string slug)
    {
        var before = DateTime.UtcNow;
        var outcome = Assert.Single(await bed.RunAsync(slug, SyncTypes.Orders));
        return (before, DateTime.UtcNow, outcome);
    }

    private static void AssertAgo(long asked, (DateTime Before, DateTime After, SyncOutcome _) poll, TimeSpan ago) =>
        Assert.InRange(asked, Seconds(poll.Before - ago) - 1, Seconds(poll.After - ago));

    [Fact]
    public async Task The_next_poll_asks_from_the_last_successful_poll_minus_the_overlap_in_each_marketplaces_format()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        foreach (var slug in new[] { "uzum", "wildberries", "ozon" })
        {
            // No poll before: two days back.
            var first = await PollAsync(bed, slug);
            Assert.Equal(SyncStatuses.Success, first.Outcome.Status);
            AssertAgo(AskedFrom(bed, slug), first, TimeSpan.FromDays(2));

            var last = await LastSuccessAsync(bed, slug);
            Assert.Equal(SyncStatuses.Success, (await PollAsync(bed, slug)).Outcome.Status);
            Assert.Equal(Seconds(last - Overlap), AskedFrom(bed, slug));
        }
        // OZON's since is an ISO time to the millisecond.
        var ozonLast = (await bed.Host.ScalarAsync<DateTime>("""
            SELECT l.started_at FROM sync_logs l JOIN marketplaces m ON m.id = l.marketplace_id
             WHERE m.slug = 'ozon' AND l.sync_type = 'orders' ORDER BY l.started_at LIMIT 1
            """)).ToUniversalTime();
        Assert.Equal((ozonLast - Overlap).ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            JsonNode.Parse(bed.Ozon.Received("POST", "/v4/posting/fbs/list")[^1].Body)!["filter"]!["since"]!.GetValue<string>());

        // A failed poll does not move the start: the next one still asks from the last successful poll.
        var lastUzum = await LastSuccessAsync(bed, "uzum");
        bed.Uzum.Script.Enqueue(new FakeReply(400, """{"payload":null,"errors":[{"code":"seller-order-12","message":"bad dates"}],"error":"seller-order-12"}"""));
        Assert.Equal(SyncStatuses.Failed, (await PollAsync(bed, "uzum")).Outcome.Status);
        Assert.Equal(SyncStatuses.Success, (await PollAsync(bed, "uzum")).Outcome.Status);
        Assert.Equal(Seconds(lastUzum - Overlap), AskedFrom(bed, "uzum"));

        // The last success a month ago (the host was down): seven days back, no further.
        await bed.Host.ScalarAsync<int>("""
            UPDATE sync_logs SET started_at = now() - interval '30 days'
             WHERE sync_type = 'orders' AND marketplace_id = (SELECT id FROM marketplaces WHERE slug = 'wildberries') RETURNING 1
            """);
        var capped = await PollAsync(bed, "wildberries");
        AssertAgo(AskedFrom(bed, "wildberries"), capped, TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task While_an_imported_order_is_open_the_poll_still_reaches_two_days_back_so_its_cancellation_is_seen()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("WIN-1", 150000, 10);
        await bed.MapEverywhereAsync((p, 1));
        await PollAsync(bed, "uzum");
        bed.Uzum.AddOrder(2001, "CREATED", (5001, "WIN-1", 2, 150000));
        Assert.Equal(1, (await PollAsync(bed, "uzum")).Outcome.Processed);
        Assert.Equal(2, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));

        // Uzum lists by creation time and pushes nothing: with our order open the poll keeps reaching back.
        var open = await PollAsync(bed, "uzum");
        AssertAgo(AskedFrom(bed, "uzum"), open, TimeSpan.FromDays(2));

        bed.Uzum.SetStatus(2001, "CANCELED");
        await PollAsync(bed, "uzum");
        Assert.Equal("cancelled", await bed.Host.ScalarAsync<string>("SELECT status FROM orders WHERE marketplace_order_id = '2001'"));
        Assert.Equal(0, await bed.Host.ScalarAsync<int>("SELECT reserved_quantity FROM inventory WHERE product_id = $1", p));

        // Nothing open any more: back to the last poll minus the overlap.
        var last = await LastSuccessAsync(bed, "uzum");
        await PollAsync(bed, "uzum");
        Assert.Equal(Seconds(last - Overlap), AskedFrom(bed, "uzum"));
    }
}
