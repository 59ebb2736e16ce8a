using System.Text.RegularExpressions;

namespace AmazingStore.Data.Users;

/// <summary>
/// The one rule for Uzbek phone numbers (+998 and nine digits), for the store API (Web's Phone) and the bot's
/// contacts alike. Telegram sends a contact's number with or without the plus ("998901234567").
/// </summary>
public static partial class UzPhone
{
    public static bool IsValid(string phone) => Pattern().IsMatch(phone);

    /// <summary>A Telegram contact's number as stored (+998XXXXXXXXX), or null when it is not an Uzbek number.</summary>
    public static string? FromContact(string? number)
    {
        if (string.IsNullOrWhiteSpace(number)) return null;
        var digits = string.Concat(number.Where(char.IsAsciiDigit));
        var phone = "+" + digits;
        return IsValid(phone) ? phone : null;
    }

    [GeneratedRegex(@"^\+998\d{9}$")]
    private static partial Regex Pattern();
}
