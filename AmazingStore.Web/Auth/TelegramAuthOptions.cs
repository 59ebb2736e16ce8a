namespace AmazingStore.Web.Auth;

/// <summary>The parts of the <c>Telegram</c> section that customer and admin auth need.</summary>
public sealed class TelegramAuthOptions
{
    public string BotToken { get; set; } = "";
    public int InitDataMaxAgeSeconds { get; set; } = 86400;
    public long[] AdminIds { get; set; } = [];
}
