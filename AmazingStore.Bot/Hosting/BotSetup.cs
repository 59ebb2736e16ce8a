using AmazingStore.Bot.Api;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace AmazingStore.Bot.Hosting;

/// <summary>
/// Tells Telegram how to reach us and what to show: setWebhook (webhook mode), commands for
/// customers and, by chat scope, for each admin, and the Mini App menu button. Runs in the
/// background and retries with backoff, so a Telegram outage never delays start-up or readiness.
/// Polling mode's deleteWebhook belongs to <see cref="UpdatePoller"/>, which must not poll before it.
/// </summary>
public sealed class BotSetup(ITelegramBotClient bot, IOptions<TelegramOptions> options, ILogger<BotSetup> log) : BackgroundService
{
    public static readonly BotCommand[] CustomerCommands =
    [
        new("start", "Do'konni ochish / Открыть магазин"),
        new("help", "Yordam / Помощь"),
    ];

    // In both languages, like the customers' menu: the replies follow each admin's language_code.
    public static readonly BotCommand[] AdminCommands =
    [
        new("orders", "Buyurtmalar / Заказы: /orders [holat|статус]"),
        new("stock", "Qoldiqlar / Остатки: /stock [SKU] [+5|-2|=40]"),
        new("sync", "Sinxronlash / Синхронизация"),
        new("report", "Hisobot / Отчёт: /report [today|week|month]"),
        new("help", "Yordam / Помощь"),
    ];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (o.UseWebhook)
                {
                    if (string.IsNullOrWhiteSpace(o.WebhookSecret))
                        log.LogWarning("Telegram:WebhookUrl is set but Telegram:WebhookSecret is empty: every webhook call will be refused");
                    await bot.SetWebhook(o.WebhookUrl, allowedUpdates: StoreTelegramBotClient.AllowedUpdatesFor(o), secretToken: o.WebhookSecret,
                        cancellationToken: stoppingToken);
                }
                await bot.SetMyCommands(CustomerCommands, BotCommandScope.Default(), cancellationToken: stoppingToken);
                foreach (var admin in o.AdminIds)
                    await bot.SetMyCommands(AdminCommands, BotCommandScope.Chat(admin), cancellationToken: stoppingToken);
                if (!string.IsNullOrWhiteSpace(o.MiniAppUrl))
                    await bot.SetChatMenuButton(menuButton: new MenuButtonWebApp { Text = "Amazing Store", WebApp = new WebAppInfo(o.MiniAppUrl) },
                        cancellationToken: stoppingToken);
                log.LogInformation("Telegram bot set up ({Mode})", o.UseWebhook ? "webhook" : o.PollingEnabled ? "long polling" : "updates off");
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (BotApiException e)
            {
                log.LogWarning("Telegram bot set-up failed ({Error}); retrying in {Delay}", e.Message, delay);
            }
            try { await Task.Delay(delay, stoppingToken); } catch (OperationCanceledException) { return; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks));
        }
    }
}
