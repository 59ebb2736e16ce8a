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
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace AmazingStore.Web.Marketplaces;

public static class MarketplacesModule
{
    public static void AddMarketplaces(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Configure<MarketplaceOptions>(builder.Configuration.GetSection("Marketplaces"));
        var options = builder.Configuration.GetSection("Marketplaces").Get<MarketplaceOptions>() ?? new MarketplaceOptions();

        // Data Protection with its key ring in the database: every instance decrypts the same credentials.
        services.AddDataProtection().SetApplicationName("AmazingStore");
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp =>
            new ConfigureOptions<KeyManagementOptions>(o => o.XmlRepository = new DbXmlRepository(sp.GetRequiredService<NpgsqlDataSource>())));
        services.AddSingleton<CredentialProtector>();

        services.AddSingleton<MarketplacePipelines>();
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

        services.AddSingleton<WebhookSignal>();
        services.AddSingleton<WebhookClaims>();
        services.AddHostedService<WebhookProcessor>();

        // Quartz on its PostgreSQL job store (tables qrtz_*, migration 0003), clustered: instances
        // on one database share one schedule and each trigger fires on one of them.
        services.AddSingleton<SyncScheduleInstaller>();
        services.AddTransient<IMarketplaceSyncRequester, QuartzSyncRequester>();
        services.AddQuartz(q =>
        {
            q.ConfigureScheduler(s => s.InstanceName = "amazing-store");
            q.UsePersistentStore(s =>
            {
                s.UsePostgres(ds => ds.DataSourceFactory = sp => sp.GetRequiredService<NpgsqlDataSource>());
                s.UseClustering(c => c.CheckinInterval = TimeSpan.FromSeconds(5));
                s.UseSystemTextJsonSerializer();
                s.ConfigureStore(o => o.TablePrefix = "qrtz_");
            });
        });
        if (options.SchedulerEnabled)
        {
            // The scheduler starts once the host is up, off the path to readiness.
            services.AddQuartzHostedService(o => { o.WaitForJobsToComplete = true; o.AwaitApplicationStarted = true; });
            services.AddHostedService<SyncScheduleStartup>();
        }
    }

    public static void MapMarketplaces(this WebApplication app)
    {
        app.MapMarketplaceAdminApi();
        app.MapWebhookApi();
    }
}
