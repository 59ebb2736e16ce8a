using System.Net;
using System.Net.Http.Json;
using System.Text;
using AmazingStore.Tests.Marketplaces;

namespace AmazingStore.Tests.Security;

/// <summary>Issue 17 item 4: pushes only for OZON, limited, and junk refused before it is stored.</summary>
public sealed class WebhookRouteTests
{
    private static object Push(string posting) =>
        new { message_type = "TYPE_NEW_POSTING", posting_number = posting, products = new[] { new { sku = 1, offer_id = "X", quantity = 1 } }, seller_id = 15 };

    [Fact]
    public async Task Only_ozon_has_a_push_route_and_bodies_that_cannot_be_a_push_are_not_stored()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        async Task<long> Stored() => await bed.Host.ScalarAsync<long>("SELECT count(*) FROM marketplace_webhooks");

        foreach (var slug in new[] { "uzum", "wildberries", "amazing-store", "nowhere" })
        {
            using var reply = await bed.Host.Client.PostAsJsonAsync($"/webhooks/{slug}", Push("24319409-0021-1"));
            Assert.True(reply.StatusCode == HttpStatusCode.NotFound, $"{slug}: {(int)reply.StatusCode}");
        }

        foreach (var junk in new[]
        {
            """{"hello":"world"}""",
            """{"message_type":"hello","posting_number":"1-1-1","seller_id":15}""",
            """{"message_type":"TYPE_NEW_POSTING","posting_number":"'; DROP TABLE orders; --","seller_id":15}""",
            "{\"message_type\":\"TYPE_NEW_POSTING\",\"posting_number\":\"1-" + new string('1', 200) + "\",\"seller_id\":15}",
            """{"message_type":"TYPE_NEW_POSTING","posting_number":12345,"seller_id":15}""",
            """[1,2,3]""",
            "not json at all",
        })
        {
            using var content = new StringContent(junk, Encoding.UTF8, "application/json");
            using var reply = await bed.Host.Client.PostAsync("/webhooks/ozon", content);
            Assert.True(reply.StatusCode == HttpStatusCode.BadRequest, $"{junk[..Math.Min(60, junk.Length)]}: {(int)reply.StatusCode}");
        }
        // An OZON event about no posting (a chat message) is acknowledged, so OZON keeps pushing, and not kept.
        using (var chat = await bed.Host.Client.PostAsJsonAsync("/webhooks/ozon", new { message_type = "TYPE_NEW_MESSAGE", chat_id = "abc", seller_id = 15 }))
            Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(0L, await Stored());

        // A real push is still stored.
        using (var real = await bed.Host.Client.PostAsJsonAsync("/webhooks/ozon", Push("24319409-0021-1")))
            Assert.Equal(HttpStatusCode.OK, real.StatusCode);
        Assert.Equal(1L, await Stored());
    }

    [Fact]
    public async Task A_flood_of_ozon_pushes_is_limited_per_source()
    {
        await using var bed = await MarketplaceBed.StartAsync(new Dictionary<string, string?>
        {
            ["Marketplaces:WebhookPermitLimit"] = "5",
            ["Marketplaces:WebhookWindowSeconds"] = "600",
        });
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var reply = await bed.Host.Client.PostAsJsonAsync("/webhooks/ozon", Push($"5000000{i:D2}-0001-1"));
            statuses.Add(reply.StatusCode);
            if (reply.StatusCode == HttpStatusCode.TooManyRequests) Assert.NotNull(reply.Headers.RetryAfter);
        }
        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(25, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(5L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM marketplace_webhooks"));
        // The limit is the push route's own: the admin API is not affected.
        var (status, _) = await bed.SendAsync(HttpMethod.Get, "/api/admin/marketplaces");
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
