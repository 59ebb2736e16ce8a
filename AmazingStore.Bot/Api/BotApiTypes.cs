using System.Text.Json.Serialization;

namespace AmazingStore.Bot.Api;

// Only the Bot API fields this application reads or writes. Property names map to snake_case
// through BotJson.Options.

public sealed record Update(long UpdateId, Message? Message = null, CallbackQuery? CallbackQuery = null);

public sealed record Message(long MessageId, Chat Chat, TelegramUser? From = null, long Date = 0, string? Text = null);

public sealed record Chat(long Id, string? Type = null);

public sealed record TelegramUser(long Id, string FirstName = "", bool IsBot = false, string? LastName = null,
    string? Username = null, string? LanguageCode = null);

public sealed record CallbackQuery(string Id, TelegramUser From, Message? Message = null, string? Data = null);

public sealed record InlineKeyboardMarkup(IReadOnlyList<IReadOnlyList<InlineKeyboardButton>> InlineKeyboard);

/// <summary>Exactly one of CallbackData, WebApp or Url is set.</summary>
public sealed record InlineKeyboardButton(string Text, string? CallbackData = null,
    [property: JsonPropertyName("web_app")] WebAppInfo? WebApp = null, string? Url = null);

public sealed record WebAppInfo(string Url);

public sealed record BotCommand(string Command, string Description);

/// <summary>Type "default" or "chat" (with ChatId).</summary>
public sealed record BotCommandScope(string Type, long? ChatId = null);

/// <summary>Type "web_app" (with Text and WebApp) or "default".</summary>
public sealed record MenuButton(string Type, string? Text = null,
    [property: JsonPropertyName("web_app")] WebAppInfo? WebApp = null);
