using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AmazingStore.Bench;

public sealed record LoadResult(double RequestsPerSecond, double P50Ms, double P90Ms, double P99Ms, long Requests, long Errors);

/// <summary>Runs wrk for a fixed duration and reads its latency distribution.</summary>
public static partial class Wrk
{
    public static async Task<LoadResult> RunAsync(string url, int connections, int seconds, string? luaScript = null)
    {
        var args = new List<string> { "-t2", $"-c{connections}", $"-d{seconds}s", "--latency", "--timeout", "5s" };
        if (luaScript is not null) args.AddRange(["-s", luaScript]);
        args.Add(url);
        var psi = new ProcessStartInfo("wrk", args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"wrk failed: {await p.StandardError.ReadToEndAsync()}");
        return Parse(output);
    }

    public static LoadResult Parse(string output)
    {
        double Latency(string pct)
        {
            var m = Regex.Match(output, $@"^\s*{pct}%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
            if (!m.Success) return double.NaN;
            var v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            return m.Groups[2].Value switch { "us" => v / 1000, "s" => v * 1000, _ => v };
        }
        var rps = double.Parse(RpsRegex().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(RequestsRegex().Match(output).Groups[1].Value);
        long errors = 0;
        var non2xx = Non2xxRegex().Match(output);
        if (non2xx.Success) errors += long.Parse(non2xx.Groups[1].Value);
        var socket = SocketErrorsRegex().Match(output);
        if (socket.Success) errors += socket.Groups.Values.Skip(1).Sum(g => long.Parse(g.Value));
        return new LoadResult(rps, Latency("50"), Latency("90"), Latency("99"), requests, errors);
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")] private static partial Regex RpsRegex();
    [GeneratedRegex(@"(\d+) requests in")] private static partial Regex RequestsRegex();
    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")] private static partial Regex Non2xxRegex();
    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")] private static partial Regex SocketErrorsRegex();
}
