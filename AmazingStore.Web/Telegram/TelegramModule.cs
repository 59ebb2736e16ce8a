using AmazingStore.Bot.Hosting;

namespace AmazingStore.Web.Telegram;

public static class TelegramModule
{
    public static void AddTelegramBot(this WebApplicationBuilder builder)
    {
        builder.Services.AddTelegramBotServices(builder.Configuration);
        // HttpClient logging would write request URLs, and Bot API URLs carry the token. The bot's
        // client does not use the factory, but keep anyone's HttpClient logs to warnings and up.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
    }

    public static void MapTelegramWebhook(this WebApplication app) => app.MapTelegramWebhookApi();
}
