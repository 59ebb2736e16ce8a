using AmazingStore.Bot.Api;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace AmazingStore.Bot.Commands;

/// <summary>/start (with the Mini App button, and product deep links) and /help.</summary>
public sealed class CustomerCommands(BotMessenger messenger, IOptions<TelegramOptions> options)
{
    public async Task StartAsync(CommandContext c, CancellationToken ct)
    {
        var lang = c.Language;
        var miniApp = options.Value.MiniAppUrl;
        // "/start product_42" arrives from t.me/<bot>?start=product_42: open that product in the Mini App.
        var productId = c.Args.StartsWith("product_", StringComparison.Ordinal) && int.TryParse(c.Args["product_".Length..], out var id) && id > 0
            ? id : (int?)null;
        var text = BotTexts.Greeting(lang, c.From.FirstName);
        if (productId is not null) text += "\n" + BotTexts.GreetingProduct(lang);
        InlineKeyboardMarkup? buttons = null;
        if (!string.IsNullOrWhiteSpace(miniApp))
        {
            var url = productId is null ? miniApp : AppendQuery(miniApp, "startapp", $"product_{productId}");
            buttons = new InlineKeyboardMarkup(InlineKeyboardButton.WithWebApp(
                productId is null ? BotTexts.OpenStore(lang) : BotTexts.OpenProduct(lang), new WebAppInfo(url)));
        }
        await messenger.ReplyAsync(c.ChatId, text, buttons, ct);
    }

    public Task HelpAsync(CommandContext c, bool isAdmin, CancellationToken ct) =>
        messenger.ReplyAsync(c.ChatId, BotTexts.Help(c.Language) + (isAdmin ? BotTexts.AdminHelp(c.Language) : ""), null, ct);

    private static string AppendQuery(string url, string key, string value) =>
        url + (url.Contains('?') ? '&' : '?') + Uri.EscapeDataString(key) + "=" + Uri.EscapeDataString(value);
}
