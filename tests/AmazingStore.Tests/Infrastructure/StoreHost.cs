using AmazingStore.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AmazingStore.Tests.Infrastructure;

/// <summary>The real host on Kestrel at 127.0.0.1 on a free port, against a database of its own.</summary>
public sealed class StoreHost : IAsyncDisposable
{
    private StoreHost(WebApplication app, string connectionString)
    {
        App = app;
        ConnectionString = connectionString;
        BaseAddress = new Uri(app.Urls.First());
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public const string BotToken = "7000000001:TEST_token_for_the_test_suite_only";

    /// <summary>
    /// The Data Protection key ring's key file of this test run (DataProtection:KeyFile), outside the checkout;
    /// every host of the run shares it, as the instances of one store share theirs.
    /// </summary>
    public static readonly string KeyRingFile = Path.Combine(Path.GetTempPath(), $"amazing-keyring-{Environment.ProcessId}.pfx");

    static StoreHost() => AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { File.Delete(KeyRingFile); } catch (IOException) { } };

    public WebApplication App { get; }
    public IServiceProvider Services => App.Services;
    public string ConnectionString { get; }
    public Uri BaseAddress { get; }
    public HttpClient Client { get; }
    public NpgsqlDataSource Db => Services.GetRequiredService<NpgsqlDataSource>();

    /// <param name="settings">Configuration overrides (keys like "Telegram:BotToken").</param>
    /// <param name="connectionString">Share a database with another host; a fresh one otherwise. Empty = embedded server.</param>
    /// <param name="configure">Last word on the builder, e.g. a fixed <see cref="TimeProvider"/>.</param>
    public static async Task<StoreHost> StartAsync(IDictionary<string, string?>? settings = null, string? connectionString = null, string environment = "Testing",
        Action<WebApplicationBuilder>? configure = null)
    {
        connectionString ??= await TestPostgres.CreateDatabaseAsync();
        var config = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Store"] = connectionString,
            ["Serilog:MinimumLevel:Default"] = "Warning",
            ["Store:EmbeddedDurable"] = "false",
            // A bot token so that initData can be signed; the Bot API points at a closed local port
            // unless a test brings its fake, and polling stays off unless a test turns it on.
            ["Telegram:BotToken"] = BotToken,
            ["Telegram:ApiBaseUrl"] = "http://127.0.0.1:9",
            ["Telegram:PollingEnabled"] = "false",
            // The marketplace fakes listen here; credentials go nowhere else (Marketplaces:AllowedApiHosts).
            ["Marketplaces:AllowedApiHosts:0"] = "127.0.0.1",
            ["DataProtection:KeyFile"] = KeyRingFile,
        };
        if (settings is not null) foreach (var (k, v) in settings) config[k] = v;
        var app = await StoreApp.CreateAsync(["--urls", "http://127.0.0.1:0", "--environment", environment],
            b => { b.Configuration.AddInMemoryCollection(config); configure?.Invoke(b); });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
        return new StoreHost(app, connectionString);
    }

    public async Task<T?> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var cmd = Db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        var value = await cmd.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)Convert.ChangeType(value, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        // Connections a test opened itself on this database go too; the server is shared.
        using var conn = new NpgsqlConnection(ConnectionString);
        NpgsqlConnection.ClearPool(conn);
    }
}
