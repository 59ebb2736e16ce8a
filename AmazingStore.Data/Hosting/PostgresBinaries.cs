namespace AmazingStore.Data.Hosting;

/// <summary>Finds the machine's PostgreSQL server binaries (initdb, postgres).</summary>
public static class PostgresBinaries
{
    public static string Locate(string? configured) => Locate(configured, DefaultSearchPath());

    public static string Locate(string? configured, IEnumerable<string> searchPath)
    {
        var candidates = new List<string>();
        if (!string.IsNullOrWhiteSpace(configured)) candidates.Add(configured);
        candidates.AddRange(searchPath);

        foreach (var dir in candidates.Distinct())
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "postgres")))
                return dir;

        throw new InvalidOperationException(
            "No PostgreSQL server binaries found: the embedded database needs 'initdb' and 'postgres' " +
            "(looked in Store:PostgresBinDirectory, $PG_BIN, /usr/lib/postgresql/*/bin and PATH). " +
            "Install them (Debian: apt-get install postgresql) or set ConnectionStrings:Store to an existing server.");
    }

    private static List<string> DefaultSearchPath()
    {
        var candidates = new List<string>();
        var env = Environment.GetEnvironmentVariable("PG_BIN");
        if (!string.IsNullOrWhiteSpace(env)) candidates.Add(env);
        // Debian/Ubuntu keep each major version apart; prefer the newest.
        if (Directory.Exists("/usr/lib/postgresql"))
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var v) ? v : 0)
                .Select(d => Path.Combine(d, "bin")));
        candidates.AddRange(["/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin", "/usr/bin"]);
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            candidates.Add(dir);
        return candidates;
    }
}
