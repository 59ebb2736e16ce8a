using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AmazingStore.Tests.Marketplaces;
using AmazingStore.Web.Marketplaces;
using AmazingStore.Web.Marketplaces.Connectors;
using AmazingStore.Web.Marketplaces.Sync;
using Microsoft.Extensions.Options;

namespace AmazingStore.Tests.Security;

/// <summary>Issue 17 item 2: marketplace credentials go only to official HTTPS hosts and the operator's list.</summary>
public sealed class ApiHostAllowListTests
{
    /// <summary>A bare TCP listener that counts every connection made to it (a request would need one).</summary>
    private sealed class Listener : IDisposable
    {
        private readonly TcpListener _listener;
        private int _connections;
        public int Connections => Volatile.Read(ref _connections);
        public int Port { get; }

        public Listener(IPAddress address)
        {
            _listener = new TcpListener(address, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptAsync();
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    using var client = await _listener.AcceptTcpClientAsync();
                    Interlocked.Increment(ref _connections);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        }

        public void Dispose() => _listener.Stop();
    }

    [Fact]
    public async Task A_disallowed_host_is_refused_with_400_and_receives_nothing_before_or_after_a_sync()
    {
        await using var bed = await MarketplaceBed.StartAsync();
        var p = await bed.AddProductAsync("HOST-1", 1000, 3);
        await bed.MapEverywhereAsync((p, 1));
        // Another loopback address: a host that is not 127.0.0.1 (the tests' only allowed host), still on this machine.
        using var elsewhere = new Listener(IPAddress.Parse("127.0.0.2"));
        var url = $"http://127.0.0.2:{elsewhere.Port}";

        foreach (var (slug, body, field) in new (string, object, string)[]
        {
            ("ozon", new { api_base_url = url }, "api_base_url"),
            ("uzum", new { api_base_url = url + "/api/seller-openapi" }, "api_base_url"),
            ("wildberries", new { settings = new { content_api_base_url = url } }, "settings.content_api_base_url"),
            ("wildberries", new { settings = new { prices_api_base_url = url } }, "settings.prices_api_base_url"),
            // An official host over plain HTTP, and a look-alike host, are not official hosts.
            ("ozon", new { api_base_url = "http://api-seller.ozon.ru" }, "api_base_url"),
            ("ozon", new { api_base_url = "https://api-seller.ozon.ru.example.com" }, "api_base_url"),
            ("ozon", new { api_base_url = $"http://user@127.0.0.2:{elsewhere.Port}" }, "api_base_url"),
        })
        {
            var (status, reply) = await bed.SendAsync(HttpMethod.Put, $"/api/admin/marketplaces/{slug}", body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{slug} {JsonSerializer.Serialize(body)} → {(int)status} {reply}");
            using var problem = JsonDocument.Parse(reply);
            Assert.Equal("api_host_not_allowed", problem.RootElement.GetProperty("code").GetString());
            Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), reply);
        }
        // Nothing was changed by the refused updates: the rows still name the fakes.
        Assert.Equal(bed.Ozon.Url, await bed.Host.ScalarAsync<string>("SELECT api_base_url FROM marketplaces WHERE slug = 'ozon'"));
        Assert.Equal(0, elsewhere.Connections);

        // The official hosts are accepted (and put back at once: nothing here may reach them).
        var (official, text) = await bed.SendAsync(HttpMethod.Put, "/api/admin/marketplaces/ozon", new { api_base_url = "https://api-seller.ozon.ru/", is_active = false });
        Assert.True(official == HttpStatusCode.OK, text);
        await bed.PutAsync("/api/admin/marketplaces/ozon", new { api_base_url = bed.Ozon.Url, is_active = true });

        // Rows that name the host anyway (written before the check existed, or by SQL): a sync sends them nothing.
        await bed.Host.ScalarAsync<int>("UPDATE marketplaces SET api_base_url = $1 WHERE slug IN ('ozon', 'uzum') RETURNING 1", url);
        await bed.Host.ScalarAsync<int>(
            "UPDATE marketplaces SET settings = settings || jsonb_build_object('content_api_base_url', $1::text, 'prices_api_base_url', $1::text) WHERE slug = 'wildberries' RETURNING 1", url);
        var outcomes = new List<SyncOutcome>();
        foreach (var slug in new[] { "ozon", "uzum", "wildberries" })
            outcomes.AddRange(await bed.RunAsync(slug, SyncTypes.All, full: true));

        Assert.Equal(0, elsewhere.Connections);
        // The runs say why they failed, so the owner can see it.
        Assert.Contains(outcomes, o => o.Slug == "ozon" && o.Status != SyncStatuses.Success && (o.Error ?? "").Contains("not allowed", StringComparison.Ordinal));
        Assert.Contains(outcomes, o => o.Slug == "wildberries" && o.Type == SyncTypes.Price && o.Status != SyncStatuses.Success);
        Assert.True(await bed.Host.ScalarAsync<long>("SELECT count(*) FROM sync_logs WHERE error_message LIKE '%not allowed%'") > 0);
    }

    [Theory]
    [InlineData("ozon", "https://api-seller.ozon.ru", true)]
    [InlineData("ozon", "https://API-SELLER.OZON.RU/", true)]
    [InlineData("ozon", "https://api-seller.ozon.ru:8443", false)]
    [InlineData("ozon", "https://api-seller.uzum.uz/api/seller-openapi", false)] // another marketplace's host
    [InlineData("uzum", "https://api-seller.uzum.uz/api/seller-openapi", true)]
    [InlineData("wildberries", "https://discounts-prices-api.wildberries.ru", true)]
    [InlineData("wildberries", "https://wildberries.ru.evil.test", false)]
    [InlineData("wildberries", "http://169.254.169.254/latest/meta-data", false)]
    [InlineData("ozon", "http://127.0.0.1:5555", true)]         // AllowedApiHosts: "127.0.0.1" (any port)
    [InlineData("ozon", "http://proxy.local:8080/ozon", true)]  // "proxy.local:8080"
    [InlineData("ozon", "http://proxy.local:8081/ozon", false)]
    [InlineData("ozon", "https://secure.proxy.test", true)]      // "https://secure.proxy.test"
    [InlineData("ozon", "http://secure.proxy.test", false)]
    [InlineData("ozon", "ftp://127.0.0.1", false)]
    [InlineData("ozon", "not a url", false)]
    public void The_allow_list_is_the_official_https_hosts_and_the_operators_entries(string slug, string url, bool allowed)
    {
        var options = new MarketplaceOptions { AllowedApiHosts = ["127.0.0.1", "proxy.local:8080", "https://secure.proxy.test", " "] };
        var hosts = new MarketplaceApiHosts(new StaticMonitor(options));
        Assert.Equal(allowed, hosts.IsAllowed(slug, url));
    }

    private sealed class StaticMonitor(MarketplaceOptions value) : IOptionsMonitor<MarketplaceOptions>
    {
        public MarketplaceOptions CurrentValue => value;
        public MarketplaceOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<MarketplaceOptions, string?> listener) => null;
    }
}
