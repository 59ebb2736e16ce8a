namespace AmazingStore.Web.Infrastructure;

/// <summary>Uzbek phone numbers, one rule for the profile and checkout: +998 and nine digits.</summary>
public static class Phone
{
    public const string Rule = "must look like +998XXXXXXXXX.";

    /// <summary>Drops the spaces and dashes people type ("+998 90 123-45-67").</summary>
    public static string? Normalize(string? phone) =>
        phone is null ? null : string.Concat(phone.Where(c => !char.IsWhiteSpace(c) && c != '-'));

    public static bool IsValid(string phone) => Data.Users.UzPhone.IsValid(phone);
}
