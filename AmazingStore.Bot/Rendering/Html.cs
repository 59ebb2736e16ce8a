using System.Globalization;
using System.Text;

namespace AmazingStore.Bot.Rendering;

/// <summary>Telegram HTML (parse_mode "HTML"): every inserted value is escaped; long texts are split.</summary>
public static class Html
{
    public const int MaxMessageLength = 4096;

    /// <summary>Telegram's HTML mode needs exactly these three escaped.</summary>
    public static string E(string? value) => string.IsNullOrEmpty(value) ? "" : value
        .Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal)
        .Replace(">", "&gt;", StringComparison.Ordinal);


    /// <summary>Sums in so'm with thin grouping: 1 250 000.</summary>
    public static string Money(decimal value)
    {
        var nfi = (NumberFormatInfo)CultureInfo.InvariantCulture.NumberFormat.Clone();
        nfi.NumberGroupSeparator = " ";
        return value.ToString(value == decimal.Truncate(value) ? "#,0" : "#,0.00", nfi);
    }

    /// <summary>
    /// Splits at line breaks so that tags (which this application opens and closes on one line)
    /// stay whole; a single longer line is cut without breaking an entity such as &amp;amp;.
    /// </summary>
    public static IReadOnlyList<string> Split(string html, int limit = MaxMessageLength)
    {
        if (html.Length <= limit) return [html];
        var parts = new List<string>();
        var current = new StringBuilder();
        foreach (var rawLine in html.Split('\n'))
        {
            var line = rawLine;
            while (line.Length > limit)
            {
                Flush();
                var cut = limit;
                var amp = line.LastIndexOf('&', cut - 1, Math.Min(8, cut));
                if (amp >= 0 && line.IndexOf(';', amp) >= cut) cut = amp;
                parts.Add(line[..cut]);
                line = line[cut..];
            }
            if (current.Length > 0 && current.Length + 1 + line.Length > limit) Flush();
            if (current.Length > 0) current.Append('\n');
            current.Append(line);
        }
        Flush();
        return parts;

        void Flush()
        {
            if (current.Length == 0) return;
            parts.Add(current.ToString());
            current.Clear();
        }
    }
}
