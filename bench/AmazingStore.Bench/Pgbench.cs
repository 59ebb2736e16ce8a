using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace AmazingStore.Bench;

/// <summary>The database's own ceiling on this machine: pgbench TPC-B against the same server.</summary>
public static partial class Pgbench
{
    /// <summary>Creates pgbench's tables (scale 10); done early, so their load has settled before any measurement.</summary>
    public static Task InitAsync(string binDir, int port, string password, string database) =>
        Run(Path.Combine(binDir, "pgbench"), password, [.. Common(port), "-i", "-s", "10", "-q", database]);

    /// <summary>TPC-B for a fixed time; transactions per second.</summary>
    public static async Task<double> MeasureAsync(string binDir, int port, string password, string database, int clients, int seconds)
    {
        var output = await Run(Path.Combine(binDir, "pgbench"), password, [.. Common(port), "-c", clients.ToString(), "-j", "2", "-T", seconds.ToString(), database]);
        var m = TpsRegex().Match(output);
        if (!m.Success) throw new InvalidOperationException("pgbench printed no tps:\n" + output);
        return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static string[] Common(int port) => ["-h", "127.0.0.1", "-p", port.ToString(), "-U", "postgres"];

    /// <summary>The embedded server's password goes in PGPASSWORD, never on the command line (where ps shows it).</summary>
    private static async Task<string> Run(string file, string password, string[] args)
    {
        var psi = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["PGPASSWORD"] = password;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) throw new InvalidOperationException($"pgbench failed: {await stderr}");
        return await stdout + await stderr;
    }

    [GeneratedRegex(@"tps = ([\d.]+) \(without initial connection time\)")] private static partial Regex TpsRegex();
}
