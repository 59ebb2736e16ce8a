using System.Net;
using System.Net.Http.Json;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>OZON pushes through a reverse proxy: the source-network check sees OZON's address only when the proxy is configured.</summary>
public sealed class ReverseProxyTests
{
    private static readonly object Ping = new { message_type = "TYPE_PING", time = "2019-08-24T14:15:22Z" };
    private const string OzonAddress = "195.34.21.7";

    [Fact]
    public async Task Behind_a_configured_proxy_ozon_pushes_pass_the_network_check_and_other_sources_do_not()
    {
        await using var bed = await MarketplaceBed.StartAsync(new Dictionary<string, string?>
        {
            ["Marketplaces:CheckWebhookSourceNetwork"] = "true",
            ["Store:KnownProxies:0"] = "127.0.0.1",
        });
        await using var proxy = new LocalProxy(bed.Host.Client.BaseAddress!);
        await proxy.StartAsync();

        proxy.ClientAddress = OzonAddress;
        Assert.Equal(HttpStatusCode.OK, (await proxy.Client.PostAsJsonAsync("/webhooks/ozon", Ping)).StatusCode);
        var push = new { message_type = "TYPE_STATE_CHANGED", posting_number = "1-2-3", new_state = "posting_delivered", changed_state_date = "2021-02-02T15:07:46.765Z", seller_id = 15 };
        Assert.Equal(HttpStatusCode.OK, (await proxy.Client.PostAsJsonAsync("/webhooks/ozon", push)).StatusCode);
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM marketplace_webhooks"));

        // A caller outside OZON's networks, through the same proxy: refused, nothing stored.
        proxy.ClientAddress = "203.0.113.9";
        Assert.Equal(HttpStatusCode.Forbidden, (await proxy.Client.PostAsJsonAsync("/webhooks/ozon", push)).StatusCode);
        Assert.Equal(1L, await bed.Host.ScalarAsync<long>("SELECT count(*) FROM marketplace_webhooks"));
    }

    [Fact]
    public async Task Without_a_configured_proxy_a_forwarded_header_is_not_believed()
    {
        await using var bed = await MarketplaceBed.StartAsync(new Dictionary<string, string?> { ["Marketplaces:CheckWebhookSourceNetwork"] = "true" });
        await using var proxy = new LocalProxy(bed.Host.Client.BaseAddress!) { ClientAddress = OzonAddress };
        await proxy.StartAsync();

        // Anyone can write X-Forwarded-For: unless the proxy is configured, the connection's own address counts.
        Assert.Equal(HttpStatusCode.Forbidden, (await proxy.Client.PostAsJsonAsync("/webhooks/ozon", Ping)).StatusCode);
        using var spoofed = new HttpRequestMessage(HttpMethod.Post, "/webhooks/ozon") { Content = JsonContent.Create(Ping) };
        spoofed.Headers.Add("X-Forwarded-For", OzonAddress);
        Assert.Equal(HttpStatusCode.Forbidden, (await bed.Host.Client.SendAsync(spoofed)).StatusCode);
    }
}
