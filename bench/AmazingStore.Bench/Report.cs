using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AmazingStore.Bench;

/// <summary>One row of the results: what was measured, the baseline of the same run, the ratio and the target.</summary>
public sealed record Scenario(
    string Name,
    Dictionary<string, double> Measured,
    Dictionary<string, double>? Baseline,
    double? Ratio,
    string Target,
    bool Pass,
    string? Note = null);

/// <summary>Writes latest.json, latest.md and latest.svg (latency percentiles per scenario).</summary>
public static class Report
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string Write(string dir, IReadOnlyList<Scenario> scenarios, Dictionary<string, object> machine)
    {
        Directory.CreateDirectory(dir);
        // A figure that could not be measured (no samples) is null in JSON, not NaN.
        static Dictionary<string, double?>? Clean(Dictionary<string, double>? d) =>
            d?.ToDictionary(kv => kv.Key, kv => double.IsFinite(kv.Value) ? Math.Round(kv.Value, 3) : (double?)null);
        var rows = scenarios.Select(s => new
        {
            s.Name, Measured = Clean(s.Measured), Baseline = Clean(s.Baseline),
            Ratio = s.Ratio is { } r && double.IsFinite(r) ? Math.Round(r, 3) : (double?)null, s.Target, s.Pass, s.Note,
        });
        File.WriteAllText(Path.Combine(dir, "latest.json"), JsonSerializer.Serialize(new { machine, scenarios = rows }, Json));
        var md = Markdown(scenarios, machine);
        File.WriteAllText(Path.Combine(dir, "latest.md"), md);
        File.WriteAllText(Path.Combine(dir, "latest.svg"), Svg(scenarios));
        return md;
    }

    private static string F(double v) => double.IsNaN(v) ? "—" : v >= 100 ? v.ToString("0", CultureInfo.InvariantCulture) : v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Figures(Dictionary<string, double>? d) =>
        d is null ? "—" : string.Join(", ", d.Select(kv => $"{kv.Key} {F(kv.Value)}"));

    private static string Markdown(IReadOnlyList<Scenario> scenarios, Dictionary<string, object> machine)
    {
        var sb = new StringBuilder();
        sb.AppendLine($"Benchmark run {machine["date"]} on {machine["cores"]} cores ({machine["os"]}).");
        sb.AppendLine();
        sb.AppendLine("| scenario | measured | baseline (same run) | ratio | target | result |");
        sb.AppendLine("|---|---|---|---|---|---|");
        foreach (var s in scenarios)
            sb.AppendLine($"| {s.Name} | {Figures(s.Measured)} | {Figures(s.Baseline)} | {(s.Ratio is { } r ? r.ToString("0.000", CultureInfo.InvariantCulture) : "—")} | {s.Target} | {(s.Pass ? "pass" : "MISS")}{(s.Note is null ? "" : " — " + s.Note)} |");
        return sb.ToString();
    }

    private static string Svg(IReadOnlyList<Scenario> scenarios)
    {
        var rows = scenarios.Where(s => s.Measured.ContainsKey("p50_ms") && s.Measured.ContainsKey("p99_ms")).ToList();
        const int left = 260, barH = 12, rowH = 46, width = 900;
        var height = 40 + rows.Count * rowH + 30;
        var max = rows.Count == 0 ? 1 : rows.Max(s => s.Measured["p99_ms"]);
        var scale = (width - left - 80) / Math.Max(max, 0.001);
        var sb = new StringBuilder();
        sb.AppendLine($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"12\">");
        sb.AppendLine($"<rect width=\"{width}\" height=\"{height}\" fill=\"#fff\"/><text x=\"10\" y=\"22\" font-size=\"15\">Latency percentiles per scenario (ms)</text>");
        var y = 40;
        foreach (var s in rows)
        {
            sb.AppendLine($"<text x=\"10\" y=\"{y + 20}\">{Escape(s.Name)}</text>");
            var bars = new[] { ("p50", "p50_ms", "#4a90d9"), ("p99", "p99_ms", "#d9534f") };
            for (var i = 0; i < bars.Length; i++)
            {
                var v = s.Measured[bars[i].Item2];
                var w = double.IsNaN(v) ? 0 : Math.Max(1, v * scale);
                var by = y + 4 + i * (barH + 4);
                sb.AppendLine($"<rect x=\"{left}\" y=\"{by}\" width=\"{w.ToString("0.#", CultureInfo.InvariantCulture)}\" height=\"{barH}\" fill=\"{bars[i].Item3}\"/>");
                sb.AppendLine($"<text x=\"{(left + w + 6).ToString("0.#", CultureInfo.InvariantCulture)}\" y=\"{by + 10}\">{bars[i].Item1} {F(v)}</text>");
            }
            y += rowH;
        }
        sb.AppendLine("</svg>");
        return sb.ToString();
    }

    private static string Escape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
