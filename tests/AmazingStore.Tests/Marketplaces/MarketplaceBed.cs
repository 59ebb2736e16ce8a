using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.StoreApi;
using AmazingStore.Web.Marketplaces.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>
/// Three fake marketplaces and a real host whose marketplace rows point at them, configured
/// through the admin API like an admin would.
/// </summary>
public sealed class MarketplaceBed : IAsyncDisposable
{
    public const long AdminId = 900_001;
    public const string UzumToken = "uzum-secret-token-1";
    public const string WbToken = "wb-secret-token-2";
    public const string OzonClient = "ozon-client-3";
    public const string OzonKey = "ozon-secret-key-4";
    public const string OzonWarehouse = "22001";
    public const string WbWarehouse = "658434";
    /// <summary>So'm per rouble in the OZON and WB settings: prices go to them divided by this.</summary>
    public const string RubRate = "150";

    public FakeUzum Uzum { get; } = new(UzumToken);
    public FakeWildberries Wb { get; } = new(WbToken);
    public FakeOzon Ozon { get; } = new(OzonClient, OzonKey);
    public StoreHost Host { get; private set; } = null!;
    private HttpClient? _client;
    private string? _connectionString;
    /// <summary>The admin API's client: the in-process host's, or an attached one (a host in another process).</summary>
    public HttpClient Client => _client ?? Host.Client;
    public string ConnectionString => _connectionString ?? Host.ConnectionString;
    public string AdminInitData { get; } = InitData.For(AdminId, "Admin");

    public static async Task<MarketplaceBed> StartAsync(IDictionary<string, string?>? settings = null, string? connectionString = null, bool configure = true)
    {
        var bed = new MarketplaceBed();
        await Task.WhenAll(bed.Uzum.StartAsync(), bed.Wb.StartAsync(), bed.Wb.PricesApi.StartAsync(), bed.Wb.ContentApi.StartAsync(), bed.Ozon.StartAsync());
        var effective = Settings(settings);
        bed.MatchOzonItemWindow(effective);
        bed.Host = await StoreHost.StartAsync(effective, connectionString);
        if (configure) await bed.ConfigureAsync();
        return bed;
    }

    /// <summary>Only the fakes; the host is a separate process the test starts and <see cref="Attach"/>es.</summary>
    public static async Task<MarketplaceBed> StartFakesAsync()
    {
        var bed = new MarketplaceBed();
        await Task.WhenAll(bed.Uzum.StartAsync(), bed.Wb.StartAsync(), bed.Wb.PricesApi.StartAsync(), bed.Wb.ContentApi.StartAsync(), bed.Ozon.StartAsync());
        bed.MatchOzonItemWindow(Settings());
        return bed;
    }

    /// <summary>
    /// The fake OZON refuses a pair changed again within its window as OZON does within 30 s; the store
    /// holds such a change back for Marketplaces:OzonItemCooldown. Both are the same here, as in production.
    /// </summary>
    public void MatchOzonItemWindow(IReadOnlyDictionary<string, string?> settings) =>
        Ozon.ItemWindow = TimeSpan.Parse(settings["Marketplaces:OzonItemCooldown"]!, System.Globalization.CultureInfo.InvariantCulture);

    public void Attach(HttpClient client, string connectionString)
    {
        _client = client;
        _connectionString = connectionString;
    }

    public static Dictionary<string, string?> Settings(IDictionary<string, string?>? extra = null)
    {
        var s = new Dictionary<string, string?>
        {
            ["Telegram:AdminIds:0"] = AdminId.ToString(),
            ["Marketplaces:CheckWebhookSourceNetwork"] = "false",
            ["Marketplaces:RetryBaseDelay"] = "00:00:00.050",
            ["Marketplaces:StoreIsProcessingDelay"] = "00:00:00.100",
            ["Marketplaces:OzonItemCooldown"] = "00:00:00",
            // No scheduled run fires during a test unless the test asks for a short interval.
            ["Marketplaces:IntervalUnit"] = "01:00:00",
            ["Marketplaces:WebhookPollInterval"] = "00:00:00.500",
            ["Outbox:PollInterval"] = "00:00:00.500",
        };
        if (extra is not null) foreach (var (k, v) in extra) s[k] = v;
        return s;
    }

    public async Task ConfigureAsync(int safetyBuffer = 0)
    {
        await PutAsync("/api/admin/marketplaces/uzum", new { api_base_url = Uzum.Url, safety_buffer = safetyBuffer, settings = new { shop_id = "77" }, credentials = new { api_key = UzumToken } });
        await PutAsync("/api/admin/marketplaces/wildberries", new
        {
            api_base_url = Wb.Url, safety_buffer = safetyBuffer,
            // Prices and cards on their own hosts, as at WB.
            settings = new { warehouse_id = WbWarehouse, prices_api_base_url = Wb.PricesApi.Url, content_api_base_url = Wb.ContentApi.Url, currency_code = "RUB", uzs_per_unit = RubRate },
            credentials = new { api_key = WbToken },
        });
        await PutAsync("/api/admin/marketplaces/ozon", new
        {
            api_base_url = Ozon.Url, safety_buffer = safetyBuffer, settings = new { warehouse_id = OzonWarehouse, seller_id = "15", currency_code = "RUB", uzs_per_unit = RubRate },
            credentials = new { client_id = OzonClient, api_key = OzonKey },
        });
    }

    public async Task<JsonElement> PutAsync(string path, object body)
    {
        using var response = await Client.SendAsync(InitData.Request(HttpMethod.Put, path, AdminInitData, body));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async Task<(HttpStatusCode Status, string Body)> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var response = await Client.SendAsync(InitData.Request(method, path, AdminInitData, body));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>A product with stock on hand, written directly (no ledger row, so nothing is queued).</summary>
    public async Task<int> AddProductAsync(string sku, decimal price, int stock, decimal? salePrice = null, string? barcode = null)
    {
        await using var conn = new Npgsql.NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var insert = new Npgsql.NpgsqlCommand(
            "INSERT INTO products (sku, barcode, name_uz, price, sale_price) VALUES ($1, $2, $3, $4, $5) RETURNING id", conn);
        foreach (var a in new object[] { sku, (object?)barcode ?? DBNull.Value, "Mahsulot " + sku, price, (object?)salePrice ?? DBNull.Value })
            insert.Parameters.Add(new Npgsql.NpgsqlParameter { Value = a });
        var id = (int)(await insert.ExecuteScalarAsync())!;
        await using var stockRow = new Npgsql.NpgsqlCommand("INSERT INTO inventory (product_id, quantity) VALUES ($1, $2)", conn);
        stockRow.Parameters.Add(new Npgsql.NpgsqlParameter { Value = id });
        stockRow.Parameters.Add(new Npgsql.NpgsqlParameter { Value = stock });
        await stockRow.ExecuteNonQueryAsync();
        return id;
    }

    /// <summary>Maps one product on all three marketplaces with keys derived from n.</summary>
    public async Task MapEverywhereAsync(params (int ProductId, int N)[] products)
    {
        await PutAsync("/api/admin/marketplaces/uzum/products", products.Select(p => new { product_id = p.ProductId, marketplace_product_id = $"{5000 + p.N}", marketplace_sku = $"{9000 + p.N}", barcode = $"478000{p.N:D7}" }).ToArray());
        await PutAsync("/api/admin/marketplaces/wildberries/products", products.Select(p => new { product_id = p.ProductId, marketplace_product_id = $"{100000 + p.N}", marketplace_sku = $"{700000 + p.N}" }).ToArray());
        await PutAsync("/api/admin/marketplaces/ozon/products", products.Select(p => new { product_id = p.ProductId, marketplace_product_id = $"{300000 + p.N}", marketplace_sku = $"OFFER-{p.N}" }).ToArray());
    }

    public Task<IReadOnlyList<SyncOutcome>> RunAsync(string slug, string type, bool full = false) =>
        Host.Services.GetRequiredService<MarketplaceSyncRunner>().RunAsync(slug, type, SyncTriggers.Manual, full, CancellationToken.None);

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Timed out after {timeout.TotalSeconds:0}s waiting for {what}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Host is not null) await Host.DisposeAsync();
        await Uzum.DisposeAsync();
        await Wb.DisposeAsync();
        await Wb.PricesApi.DisposeAsync();
        await Wb.ContentApi.DisposeAsync();
        await Ozon.DisposeAsync();
    }
}
