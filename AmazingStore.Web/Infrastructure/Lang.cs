using Microsoft.AspNetCore.Http.HttpResults;

namespace AmazingStore.Web.Infrastructure;

/// <summary>The <c>lang</c> query parameter: <c>uz</c> (default) or <c>ru</c>.</summary>
public static class Lang
{
    public const string Uz = "uz";
    public const string Ru = "ru";

    /// <summary>Null or empty means Uzbek; anything but uz/ru is a client mistake.</summary>
    public static bool TryParse(string? value, out string lang)
    {
        lang = string.IsNullOrEmpty(value) ? Uz : value.Trim().ToLowerInvariant();
        return lang is Uz or Ru;
    }

    public static ProblemHttpResult Invalid() => Problems.Validation("lang", "lang must be 'uz' or 'ru'.");

    /// <summary>The Russian text when asked for and not empty, else the Uzbek one.</summary>
    public static string? Pick(string lang, string? uz, string? ru) =>
        lang == Ru && !string.IsNullOrWhiteSpace(ru) ? ru : uz;
}
