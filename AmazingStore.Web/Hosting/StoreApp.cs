using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Net.Http.Headers;
using System.Text.Json;
using AmazingStore.Data.Outbox;
using AmazingStore.Web.Auth;
using AmazingStore.Web.Admin;
using AmazingStore.Web.Catalog;
using AmazingStore.Web.Delivery;
using AmazingStore.Web.Orders;
using AmazingStore.Web.Health;
using AmazingStore.Web.Infrastructure;
using AmazingStore.Web.Users;
using AmazingStore.Web.Cart;
using AmazingStore.Web.Telegram;
using AmazingStore.Web.Marketplaces;
using AmazingStore.Web.Backups;
using AmazingStore.Web.Observability;
using AmazingStore.Web.Payments;
using AmazingStore.Web.Reports;
using AmazingStore.Web.Images;
using Serilog;
using Serilog.Extensions.Logging;

namespace AmazingStore.Web.Hosting;

/// <summary>Builds the one Amazing Store host. Tests build it the same way, with their own settings.</summary>
public static class StoreApp
{
    public static async Task<WebApplication> CreateAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken ct = default)
    {
        var contentRoot = ContentRoot.Locate();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = contentRoot,
            WebRootPath = Path.Combine(contentRoot, "wwwroot"),
        });
        configure?.Invoke(builder);

        // One logger per host (tests run several hosts in one process).
        var logger = new LoggerConfiguration().ReadFrom.Configuration(builder.Configuration).CreateLogger();
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        // Off, so that hosting does not start an Activity and a log scope for every request (it does
        // whenever this category is enabled even at Critical): a few per cent of a cached catalog read's
        // CPU. Its lines are request start/finish, which the request log (Serilog.AspNetCore) covers; a start-up failure
        // still ends the process with its exception. Set for the Serilog provider: its own catch-all rule
        // would outrank a rule for no provider.
        builder.Logging.AddFilter<SerilogLoggerProvider>("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        // A failed start is told in one line with what to do (Program.cs), not as the host's stack trace. The
        // store's background services catch and log their own failures, so this category says nothing else.
        builder.Logging.AddFilter<SerilogLoggerProvider>("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        using var bootLog = new SerilogLoggerFactory(logger);
        builder.Services.AddStoreRequestLog(logger);

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = 1024 * 1024;
            k.AddServerHeader = false;
        });
        builder.Services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            o.SerializerOptions.DictionaryKeyPolicy = null;
            // The web defaults read "5" as 5; a string where a number belongs is a client mistake (400).
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict;
            o.SerializerOptions.AddNulTextConverters();
        });
        builder.Services.AddStoreProblemDetails();
        builder.AddStoreApiDocs();
        // TryAdd: a test may have set a fixed clock first.
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: ["ready"]);

        await builder.AddStoreDatabaseAsync(bootLog, ct);
        builder.AddStoreMetrics();
        builder.AddBackups(embedded: string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString("Store")));
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection("Outbox"));
        builder.Services.AddHostedService<OutboxDispatcher>();
        // Areas register their services here (one line each).
        builder.AddCatalog();
        builder.AddCustomerAuth();
        builder.AddTelegramBot();
        builder.AddMarketplaces();
        builder.AddPayments();
        builder.AddWriteRateLimits();
        builder.AddOrders();
        builder.AddStoreForwardedHeaders();
        builder.AddMiniApp();
        builder.AddReports();
        builder.AddDelivery();
        builder.AddImages();

        var app = builder.Build();
        // First: every later step (logging, rate limits, the webhook's network check) sees the client's address.
        app.UseStoreForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseStoreRequestLog(logger);
        app.UseSecurityHeaders();
        app.UseNulTextCheck();
        app.UseMiniAppFiles();
        app.UseStoreApiDocsUi();
        // Explicit, so that errors while checking initData go through the exception handler above.
        // Only requests that carry credentials: the tma scheme has nothing to check without the header
        // (the protected endpoints' policies authenticate on their own and answer 401), and running the
        // handler machinery on every anonymous catalog read was a tenth of its CPU.
        app.UseWhen(http => http.Request.Headers.ContainsKey(HeaderNames.Authorization), auth => auth.UseAuthentication());
        // The branch's mark does not reach this builder; without it the host would add its own
        // authentication for every request in front of the pipeline (WebApplication's automatic one).
        ((IApplicationBuilder)app).Properties["__AuthenticationMiddlewareSet"] = true;
        app.UseAuthorization();
        // After authentication: write limits are per signed-in user.
        app.UseRateLimiter();
        app.UseMiniAppPage();

        app.MapHealthChecks("/health/live", new() { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new() { Predicate = c => c.Tags.Contains("ready") });
        app.MapStoreApiDocs();

        // Areas map their endpoints here (one line each).
        app.MapCatalog();
        app.MapUsers();
        app.MapCart();
        app.MapDevInitDataApi();
        app.MapOrders();
        app.MapPayments();
        app.MapAdmin();
        app.MapDelivery();
        app.MapTelegramWebhook();
        app.MapMarketplaces();
        app.MapBackupApi();
        app.MapStoreMetrics();
        app.MapReports();
        app.MapImages();

        // Unknown API paths are problems; other unknown paths are the Mini App's routes (UseMiniAppPage).
        app.Map("/api/{**rest}", () => Problems.NotFound("This API path"));
        return app;
    }
}
