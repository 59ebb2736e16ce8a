using System.Globalization;

namespace AmazingStore.Bot.Rendering;

/// <summary>Times as the shop reads them. Tashkent is UTC+5 all year (no daylight saving), so no time zone database is needed.</summary>
public static class TashkentTime
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(5);

    /// <summary>"2025-03-01 14:05". Invariant: in a custom format ':' is the culture's time separator.</summary>
    public static string Format(DateTime time) =>
        (time.ToUniversalTime() + Offset).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
