using System.Globalization;
using AmazingStore.Data.Reports;
using ScottPlot;

namespace AmazingStore.Bot.Reports;

/// <summary>
/// The bot's chart: revenue per day, stacked per channel, drawn server-side to a PNG with ScottPlot 5
/// (SkiaSharp; the Linux native assets come from SkiaSharp.NativeAssets.Linux.NoDependencies, so no system
/// libraries beyond the C runtime are needed). Labels are dates and numbers only: the caption carries the words.
/// </summary>
public static class ReportChart
{
    public const int Width = 800, Height = 450;

    /// <summary>The channels' colours, the same as the Mini App dashboard's.</summary>
    private static readonly Dictionary<string, string> ChannelColors = new()
    {
        [SalesReports.OwnStore] = "#2481cc", ["uzum"] = "#7000ff", ["wildberries"] = "#cb11ab", ["ozon"] = "#f0a500",
    };

    public static byte[] RenderPng(SalesReport report)
    {
        var plot = new Plot();
        plot.Font.Automatic();
        var channels = report.ByChannel.Select(c => c.Channel).ToList();
        var bars = new List<Bar>();
        var ticks = new List<Tick>();
        var every = Math.Max(1, report.ByDay.Count / 10);
        for (var i = 0; i < report.ByDay.Count; i++)
        {
            var day = report.ByDay[i];
            double bottom = 0;
            foreach (var channel in channels)
            {
                // Thousands of so'm: the axis stays readable for a shop selling millions a day.
                var value = (double)day.Channels.GetValueOrDefault(channel) / 1000;
                if (value <= 0) continue;
                bars.Add(new Bar { Position = i, ValueBase = bottom, Value = bottom + value, FillColor = Color.FromHex(ColorOf(channel)), LineWidth = 0 });
                bottom += value;
            }
            if (i % every == 0) ticks.Add(new Tick(i, day.Date.ToString("MM-dd", CultureInfo.InvariantCulture)));
        }
        if (bars.Count > 0) plot.Add.Bars(bars);
        else plot.Add.Bar(position: 0, value: 0);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(ticks.ToArray());
        plot.Axes.Margins(bottom: 0);
        plot.YLabel("× 1000 UZS");
        foreach (var channel in channels.Where(c => report.ByChannel.Any(b => b.Channel == c && b.Revenue > 0)))
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = channel, FillColor = Color.FromHex(ColorOf(channel)) });
        plot.Legend.IsVisible = plot.Legend.ManualItems.Count > 0;
        plot.Legend.Alignment = Alignment.UpperLeft;
        using var image = plot.GetImage(Width, Height);
        return image.GetImageBytes(ImageFormat.Png, 100);
    }

    private static string ColorOf(string channel) => ChannelColors.GetValueOrDefault(channel, "#8e8e93");
}
