using Telegram.Bot.Types;

namespace AmazingStore.Bot.Commands;

/// <summary>A command from a chat: "/stock ABC-1 -2" has Name "stock" and Args "ABC-1 -2".</summary>
public sealed record CommandContext(long ChatId, User From, string Name, string Args)
{
    public string Language => BotTexts.Language(From.LanguageCode);

    /// <summary>Who did it, for the ledger and the order history.</summary>
    public string Actor => Describe(From);

    public static string Describe(User user) =>
        $"Telegram admin {user.Id}" + (string.IsNullOrEmpty(user.Username) ? "" : $" (@{user.Username})");

    /// <summary>Parses "/name@bot args"; null when the text is not a command.</summary>
    public static CommandContext? Parse(Message message)
    {
        var text = message.Text?.Trim();
        if (message.From is null || string.IsNullOrEmpty(text) || text[0] != '/') return null;
        var space = text.IndexOfAny([' ', '\n']);
        var head = space < 0 ? text[1..] : text[1..space];
        var at = head.IndexOf('@');
        if (at >= 0) head = head[..at];
        return new CommandContext(message.Chat.Id, message.From, head.ToLowerInvariant(), space < 0 ? "" : text[(space + 1)..].Trim());
    }
}
