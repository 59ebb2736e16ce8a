using System.Diagnostics;
using AmazingStore.Data.Hosting;
using Npgsql;

namespace AmazingStore.Web.Backups;

/// <summary>
/// Runs pg_dump / pg_restore from the machine's PostgreSQL binaries against the store's database. Written by
/// hand because no library dumps PostgreSQL as faithfully as its own tools; the password goes in PGPASSWORD,
/// never on the command line.
/// </summary>
public static class PgTools
{
    public static async Task RunAsync(string tool, string connectionString, string? binDirectory, IEnumerable<string> args, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var bin = Locate(tool, binDirectory);
        var psi = new ProcessStartInfo(bin, [
            "--host", cs.Host ?? "127.0.0.1", "--port", cs.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--username", cs.Username ?? "postgres", "--no-password", .. args])
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        if (!string.IsNullOrEmpty(cs.Password)) psi.Environment["PGPASSWORD"] = cs.Password;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {tool}");
        var stderr = p.StandardError.ReadToEndAsync(ct);
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
        {
            var text = (await stderr + await stdout).Trim();
            throw new InvalidOperationException($"{tool} failed ({p.ExitCode}): {(text.Length > 500 ? text[..500] : text)}");
        }
    }

    private static string Locate(string tool, string? binDirectory)
    {
        try
        {
            var dir = PostgresBinaries.Locate(binDirectory);
            if (File.Exists(Path.Combine(dir, tool))) return Path.Combine(dir, tool);
        }
        catch (InvalidOperationException) { }
        return tool; // the client tools alone may be installed (external server): PATH decides
    }
}
