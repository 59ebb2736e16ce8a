namespace AmazingStore.Bot.Telegram.InitData;

/// <summary>The Telegram user named inside valid initData.</summary>
public sealed record InitDataUser(long Id, string FirstName, string? LastName, string? Username, string? LanguageCode);
