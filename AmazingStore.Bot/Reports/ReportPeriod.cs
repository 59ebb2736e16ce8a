using AmazingStore.Data.Reports;

namespace AmazingStore.Bot.Reports;

/// <summary>/report's periods, in Tashkent dates: today, the last 7 days, the last 30 days (today included).</summary>
public static class ReportPeriod
{
    public static readonly string[] Names = ["today", "week", "month"];

    public static (DateOnly From, DateOnly To)? Parse(string? arg, DateTimeOffset now)
    {
        var today = SalesReports.TashkentToday(now);
        return (string.IsNullOrWhiteSpace(arg) ? "today" : arg.Trim().ToLowerInvariant()) switch
        {
            "today" or "bugun" or "сегодня" => (today, today),
            "week" or "hafta" or "неделя" => (today.AddDays(-6), today),
            "month" or "oy" or "месяц" => (today.AddDays(-29), today),
            _ => null,
        };
    }
}
