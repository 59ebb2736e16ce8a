using AmazingStore.Bot.Api;
using AmazingStore.Data;
using AmazingStore.Data.Users;
using Microsoft.Extensions.Options;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace AmazingStore.Bot.Commands;

/// <summary>/start (with the Mini App button, and product deep links), /help, and /phone with the contact it asks for.</summary>
public sealed class CustomerCommands(BotMessenger messenger, IOptions<TelegramOptions> options, StoreDb db)
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

    /// <summary>/phone: a reply keyboard whose one button shares the sender's own contact (request_contact).</summary>
    public Task PhoneAsync(CommandContext c, CancellationToken ct) =>
        messenger.AskAsync(c.ChatId, BotTexts.AskPhone(c.Language),
            new ReplyKeyboardMarkup(KeyboardButton.WithRequestContact(BotTexts.SharePhone(c.Language))) { ResizeKeyboard = true, OneTimeKeyboard = true }, ct);

    /// <summary>
    /// A shared contact. Trusted only when Telegram delivers the sender's own (contact.user_id == from.id): anyone
    /// can forward or type someone else's contact card. Stored normalised (+998…) on the sender's user row.
    /// </summary>
    public async Task ContactAsync(Message message, CancellationToken ct)
    {
        var from = message.From!;
        var lang = BotTexts.Language(from.LanguageCode);
        var contact = message.Contact!;
        var phone = contact.UserId == from.Id ? UzPhone.FromContact(contact.PhoneNumber) : null;
        if (contact.UserId != from.Id)
        {
            await messenger.ReplyAsync(message.Chat.Id, BotTexts.ForeignContact(lang), null, ct);
            return;
        }
        if (phone is null)
        {
            await messenger.AskAsync(message.Chat.Id, BotTexts.PhoneNotUzbek(lang), new ReplyKeyboardRemove(), ct);
            return;
        }
        await UserPhones.SaveFromTelegramAsync(db, from.Id, from.FirstName.Length > 0 ? from.FirstName : "Telegram user", from.LastName,
            from.Username, lang, phone, ct);
        await messenger.AskAsync(message.Chat.Id, BotTexts.PhoneSaved(lang, phone), new ReplyKeyboardRemove(), ct);
    }

    private static string AppendQuery(string url, string key, string value) =>
        url + (url.Contains('?') ? '&' : '?') + Uri.EscapeDataString(key) + "=" + Uri.EscapeDataString(value);
}
