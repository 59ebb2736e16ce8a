using AmazingStore.Bot.Api;
using AmazingStore.Bot.Commands;
using AmazingStore.Bot.Notifications;
using AmazingStore.Bot.Reports;
using AmazingStore.Bot.Updates;
using AmazingStore.Data.Outbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telegram.Bot;

namespace AmazingStore.Bot.Hosting;

public static class BotServices
{
    /// <summary>
    /// The bot's services from the Telegram:* section. Without a token only the options are
    /// registered and one line says the bot is off; notification rows then wait in the outbox.
    /// </summary>
    public static IServiceCollection AddTelegramBotServices(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection("Telegram");
        services.Configure<TelegramOptions>(section);
        var options = section.Get<TelegramOptions>() ?? new TelegramOptions();
        // Telegram sends pre_checkout_query only to a bot that asks for it (allowed_updates).
        var payments = configuration.GetSection("Payments");
        var acceptPayments = !string.IsNullOrWhiteSpace(payments["ProviderToken"]) || payments.GetValue<bool>("StarsEnabled");
        services.PostConfigure<TelegramOptions>(o => o.AcceptPayments = acceptPayments);
        // The admin API refunds through this too, with or without a bot (provider refunds are recorded only).
        services.AddScoped(sp => new Payments.PaymentRefunds(sp.GetRequiredService<Data.StoreDb>(), sp.GetService<ITelegramBotClient>()));
        if (!options.Enabled)
        {
            services.AddHostedService<BotOffNotice>();
            return services;
        }
        if (!options.HasWellFormedToken)
        {
            // The library refuses such a token outright; the store itself keeps running.
            services.AddHostedService<MalformedTokenNotice>();
            return services;
        }

        services.AddSingleton<BotRateLimiter>();
        services.AddSingleton<StoreTelegramBotClient>();
        services.AddSingleton<ITelegramBotClient>(sp => sp.GetRequiredService<StoreTelegramBotClient>());
        services.AddSingleton<BotMessenger>();
        services.AddSingleton<OutboxSendProgress>();
        services.AddSingleton<UpdateInbox>();
        services.AddScoped<AdminAccess>();
        services.AddScoped<CustomerCommands>();
        services.AddScoped<OrdersCommand>();
        services.AddScoped<StockCommand>();
        services.AddScoped<SyncCommand>();
        services.AddScoped<JobsCommand>();
        services.AddScoped<ReportCommand>();
        services.AddScoped<RestockButton>();
        services.AddSingleton<ReportPhotos>();
        services.AddSingleton<OwnerBurstSummary>();
        services.AddScoped<UpdateRouter>();
        services.AddScoped<Payments.PaymentUpdates>();
        services.AddScoped<Payments.RefundButtons>();
        services.AddHostedService<UpdateWorker>();
        services.AddHostedService<BotSetup>();
        if (!options.UseWebhook && options.PollingEnabled) services.AddHostedService<UpdatePoller>();
        services.AddSingleton<IOutboxHandler, OwnerOrderNotificationHandler>();
        services.AddSingleton<IOutboxHandler, CustomerStatusNotificationHandler>();
        services.AddSingleton<IOutboxHandler, CustomerPaymentNotificationHandler>();
        services.AddSingleton<IOutboxHandler, OwnerPaymentNotificationHandler>();
        services.AddSingleton<IOutboxHandler, CustomerOrderReceivedHandler>();
        services.AddSingleton<IOutboxHandler, OwnerOrderCancelledHandler>();
        services.AddSingleton<IOutboxHandler, OwnerDigestHandler>();
        services.AddSingleton<IOutboxHandler, LowStockAlertHandler>();
        services.AddSingleton<IOutboxHandler, OwnerUnpaidReminderHandler>();
        return services;
    }

    private sealed class BotOffNotice(ILogger<BotOffNotice> log) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            log.LogWarning("Telegram bot is off: Telegram:BotToken is empty (no webhook, no polling, owner notifications wait in the outbox)");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }

    private sealed class MalformedTokenNotice(ILogger<MalformedTokenNotice> log) : IHostedService
    {
        public Task StartAsync(CancellationToken ct)
        {
            log.LogError("Telegram bot is off: Telegram:BotToken is not a bot token (<digits>:<secret> from BotFather)");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    }
}
