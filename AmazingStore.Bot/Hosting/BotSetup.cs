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
    /// <summary>The menus by language: Telegram shows the uz or ru list to a user whose app is in that language
    /// (language_code) and the default, bilingual one to everyone else.</summary>
    public static readonly IReadOnlyList<(string? Language, BotCommand[] Customer, BotCommand[] Admin)> Menus =
    [
        (null,
            [new("start", "Do'konni ochish / Открыть магазин"), new("phone", "Telefon raqam / Номер телефона"), new("help", "Yordam / Помощь")],
            [new("orders", "Buyurtmalar / Заказы: /orders [holat|статус]"), new("stock", "Qoldiqlar / Остатки: /stock [SKU] [+5|-2|=40]"),
             new("sync", "Sinxronlash / Синхронизация"), new("report", "Hisobot / Отчёт: /report [today|week|month]"),
             new("jobs", "Fon vazifalari / Фоновые задачи"), new("help", "Yordam / Помощь")]),
        ("uz",
            [new("start", "Do'konni ochish"), new("phone", "Telefon raqamingizni yuborish"), new("help", "Yordam")],
            [new("orders", "Buyurtmalar: /orders [holat]"), new("stock", "Qoldiqlar: /stock [SKU] [+5|-2|=40]"),
             new("sync", "Marketpleyslar bilan sinxronlash"), new("report", "Savdo hisoboti: /report [today|week|month]"),
             new("jobs", "Fon vazifalari paneli"), new("help", "Yordam")]),
        ("ru",
            [new("start", "Открыть магазин"), new("phone", "Отправить номер телефона"), new("help", "Помощь")],
            [new("orders", "Заказы: /orders [статус]"), new("stock", "Остатки: /stock [SKU] [+5|-2|=40]"),
             new("sync", "Синхронизация с маркетплейсами"), new("report", "Отчёт о продажах: /report [today|week|month]"),
             new("jobs", "Панель фоновых задач"), new("help", "Помощь")]),
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
                foreach (var (language, customer, admins) in Menus)
                {
                    await bot.SetMyCommands(customer, BotCommandScope.Default(), language, stoppingToken);
                    foreach (var admin in o.AdminIds)
                        await bot.SetMyCommands(admins, BotCommandScope.Chat(admin), language, stoppingToken);
                }
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
