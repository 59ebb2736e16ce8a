using System.Data.Common;
using AmazingStore.Data.Marketplaces;
using AmazingStore.Data.Outbox;
using AmazingStore.Web.Marketplaces.Admin;
using AmazingStore.Web.Marketplaces.Connectors;
using AmazingStore.Web.Marketplaces.Credentials;
using AmazingStore.Web.Marketplaces.Ozon;
using AmazingStore.Web.Marketplaces.Sync;
using AmazingStore.Web.Marketplaces.Uzum;
using AmazingStore.Web.Marketplaces.Webhooks;
using AmazingStore.Web.Marketplaces.Wildberries;
using AmazingStore.Web.Jobs;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Web.Marketplaces;

public static class MarketplacesModule
{
    public static void AddMarketplaces(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<MarketplaceOptions>(builder.Configuration.GetSection("Marketplaces"));
        var options = builder.Configuration.GetSection("Marketplaces").Get<MarketplaceOptions>() ?? new MarketplaceOptions();

        // Data Protection with its key ring in the database: every instance decrypts the same credentials.
        // The ring itself is encrypted with a certificate that is not in the database (KeyRingProtection).
        builder.AddKeyRingProtection();
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DbXmlRepository(sp.GetRequiredService<NpgsqlDataSource>())));
        services.AddSingleton<CredentialProtector>();

        services.AddSingleton<MarketplacePipelines>();
        services.AddSingleton<MarketplaceApiHosts>();
        // Connectors take no base address: it comes from the marketplace row on every call.
        // The default loggers would put the request headers, keys included, into structured log state.
        services.AddSingleton<MarketplaceRequestLogger>();
        services.AddHttpClient<MarketplaceHttp>(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddLogger<MarketplaceRequestLogger>();
        services.AddSingleton<OzonItemCooldown>();
        services.AddTransient<IMarketplaceConnector, UzumConnector>();
        services.AddTransient<IMarketplaceConnector, WildberriesConnector>();
        services.AddTransient<IMarketplaceConnector, OzonConnector>();

        services.AddSingleton<MarketplaceContextLoader>();
        services.AddSingleton<StockPush>();
        services.AddSingleton<PricePush>();
        services.AddSingleton<OrderImport>();
        services.AddTransient<MarketplaceSyncRunner>();
        services.AddSingleton<IOutboxHandler, MarketplaceStockPushHandler>();
        services.AddSingleton<IOutboxHandler, MarketplacePricePushHandler>();

        services.AddWebhookRateLimit();
        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookClaims>();
        services.AddHostedService<WebhookProcessor>();

        // Schedules and on-demand runs are Hangfire jobs on the store's database (JobsModule); instances
        // on one database share them and each run happens once (SyncSchedule, MarketplaceSyncRunner's lock).
        services.AddSingleton<SyncSchedule>();
        services.AddSingleton<SyncScheduleInstaller>();
        services.AddTransient<MarketplaceSyncJob>();
        services.AddTransient<IMarketplaceSyncRequester, HangfireSyncRequester>();
        builder.AddJobs(runServer: options.SchedulerEnabled, server =>
        {
            // One worker per marketplace and type: a slow marketplace never holds up another's runs.
            server.WorkerCount = MarketplaceContextLoader.ApiSlugs.Length * SyncTypes.Each.Length;
            // Delayed jobs are due within one poll of this: a quarter of a "minute", at most Hangfire's default.
            server.SchedulePollingInterval = TimeSpan.FromTicks(Math.Clamp(options.IntervalUnit.Ticks / 4, TimeSpan.TicksPerMillisecond * 100, TimeSpan.TicksPerSecond * 15));
        });
        // The schedule is installed once the host is up, off the path to readiness.
        if (options.SchedulerEnabled) services.AddHostedService<SyncScheduleStartup>();
    }

    public static void MapMarketplaces(this WebApplication app)
    {
        app.MapMarketplaceAdminApi();
        app.MapWebhookApi();
        // The job dashboard and its session: Hangfire's only jobs today are the marketplaces'.
        app.MapJobs();
    }
}
