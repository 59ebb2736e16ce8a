using System.Globalization;

namespace AmazingStore.Web.Delivery;

/// <summary>
/// The optional delivery date: a Tashkent calendar day (UTC+5, no daylight saving), from today up to
/// <see cref="MaxDaysAhead"/> days on, kept as that day's Tashkent midnight in UTC.
/// </summary>
public static class DeliveryDates
{
    public const int MaxDaysAhead = 30;
    public const string Rule = "must be a date YYYY-MM-DD from today (Tashkent) up to 30 days ahead.";
    private static readonly TimeSpan Tashkent = TimeSpan.FromHours(5);

    public static bool TryParse(string text, DateTime utcNow, out DateTime? utcMidnight)
    {
        utcMidnight = null;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return false;
        var today = DateOnly.FromDateTime(utcNow + Tashkent);
        if (day < today || day > today.AddDays(MaxDaysAhead)) return false;
        utcMidnight = DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MinValue) - Tashkent, DateTimeKind.Utc);
        return true;
    }

    public static string? Format(DateTime? utc) =>
        utc is { } d ? DateOnly.FromDateTime(d.ToUniversalTime() + Tashkent).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
}
