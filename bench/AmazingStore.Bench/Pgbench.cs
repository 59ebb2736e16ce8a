using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AmazingStore.Bench;

/// <summary>The database's own ceiling on this machine: pgbench TPC-B against the same server.</summary>
public static partial class Pgbench
{
    public static async Task<double> RunAsync(string binDir, int port, string database, int clients, int seconds)
    {
        var common = new[] { "-h", "127.0.0.1", "-p", port.ToString(), "-U", "postgres" };
        await Run(Path.Combine(binDir, "pgbench"), [.. common, "-i", "-s", "10", "-q", database]);
        var output = await Run(Path.Combine(binDir, "pgbench"), [.. common, "-c", clients.ToString(), "-j", "2", "-T", seconds.ToString(), database]);
        var m = TpsRegex().Match(output);
        if (!m.Success) throw new InvalidOperationException("pgbench printed no tps:\n" + output);
        return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static async Task<string> Run(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"pgbench failed: {await stderr}");
        return await stdout + await stderr;
    }

    [GeneratedRegex(@"tps = ([\d.]+) \(without initial connection time\)")] private static partial Regex TpsRegex();
}
