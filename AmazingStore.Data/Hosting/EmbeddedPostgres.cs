using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AmazingStore.Data.Hosting;

public sealed record EmbeddedPostgresOptions
{
    public required string DataDirectory { get; init; }
    public string? BinDirectory { get; init; }
    /// <summary>Throwaway servers (tests, benchmarks) trade durability for speed.</summary>
    public bool Durable { get; init; } = true;
    public int MaxConnections { get; init; } = 200;
    /// <summary>A fixed port (e.g. to restart a server where clients expect it); 0 = any free port.</summary>
    public int Port { get; init; }
}

/// <summary>
/// A PostgreSQL server started from the machine's binaries in a folder of ours: the default
/// database for running the store and the throwaway server of the test suite.
/// </summary>
public sealed partial class EmbeddedPostgres : IAsyncDisposable
{
    private readonly ILogger _log;
    private readonly int _pid;
    private readonly Process? _process;
    private int _stopped;

    public string DataDirectory { get; }
    public int Port { get; }
    /// <summary>The password of the superuser and of the store's role (see <see cref="EmbeddedSecret"/>).</summary>
    public string Password { get; }
    /// <summary>Where the password is kept: readable by the store's OS user only.</summary>
    public string PasswordFile => Path.Combine(DataDirectory, EmbeddedSecret.FileName);

    private EmbeddedPostgres(string dataDirectory, int port, string password, int pid, Process? process, ILogger log)
    {
        DataDirectory = dataDirectory;
        Port = port;
        Password = password;
        _pid = pid;
        _process = process;
        _log = log;
    }

    /// <param name="maxPoolSize">Null leaves the pool size to the store's connection budget (DatabaseSetup).</param>
    /// <param name="username">The role to log in as; the superuser (postgres) when not given.</param>
    public string ConnectionString(string database, int? maxPoolSize = 50, string? username = null)
    {
        var cs = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = Port, Username = username ?? "postgres", Database = database, Password = Password,
            // The data source hands its string to pg_dump/pg_restore (PGPASSWORD) and to Hangfire's listener:
            // without this it would come back without the password.
            PersistSecurityInfo = true,
        };
        if (maxPoolSize is { } size) cs.MaxPoolSize = size;
        return cs.ConnectionString;
    }

    public static async Task<EmbeddedPostgres> StartAsync(EmbeddedPostgresOptions options, ILogger log, CancellationToken ct = default)
    {
        var bin = PostgresBinaries.Locate(options.BinDirectory);
        var dataDir = Path.GetFullPath(options.DataDirectory);
        var asRoot = IsRoot();
        if (asRoot) dataDir = await ReachableByPostgresAsync(dataDir, log, ct);
        Directory.CreateDirectory(dataDir);
        // initdb and postgres refuse to run as root: the server then belongs to the postgres user.
        if (asRoot) await RunAsync("chown", ["-R", "postgres:postgres", dataDir], ct);

        var secretFile = Path.Combine(dataDir, EmbeddedSecret.FileName);
        // The chown above gave the file to postgres: it is the store's (root's), the server never reads it.
        if (asRoot && File.Exists(secretFile)) await RunAsync("chown", ["root:root", secretFile], ct);
        var password = EmbeddedSecret.Read(secretFile);
        if (!File.Exists(Path.Combine(dataDir, "PG_VERSION")))
        {
            log.LogInformation("Initialising embedded PostgreSQL in {DataDirectory}", dataDir);
            password = EmbeddedSecret.New();
            await InitDbAsync(bin, dataDir, password, asRoot, ct);
            EmbeddedSecret.Write(secretFile, password);
        }
        else if (password is null)
        {
            // Made by an earlier version, which trusted every local connection: a password is set below.
            if (!Trusts(dataDir))
                throw new InvalidOperationException($"The embedded PostgreSQL in {dataDir} asks for a password, but its password file {secretFile} is gone: "
                    + "put it back, or set a new one as the README's security section says");
            password = EmbeddedSecret.New();
            EmbeddedSecret.Write(secretFile, password);
        }

        // A server left running by a killed host is adopted rather than started twice.
        if (TryReadRunning(dataDir, out var runningPid, out var runningPort))
        {
            log.LogInformation("Adopting embedded PostgreSQL already running on port {Port} (pid {Pid})", runningPort, runningPid);
            var adopted = new EmbeddedPostgres(dataDir, runningPort, password, runningPid, null, log);
            await adopted.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), ct);
            await adopted.RequirePasswordAsync(ct);
            return adopted;
        }

        // A port we picked can be taken by another process before postgres binds it (FreePort only asks the
        // system for one that is free now): then postgres exits at once, and another port is tried.
        for (var attempt = 1; ; attempt++)
        {
            var port = options.Port > 0 ? options.Port : FreePort();
            var settings = new List<string>
            {
                "-D", dataDir, "-p", port.ToString(),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=",
                "-c", $"max_connections={options.MaxConnections}",
            };
            if (!options.Durable)
                settings.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);

            // exec keeps one pid from sh to postgres, so the pid we hold is the postmaster's.
            var logFile = Path.Combine(dataDir, "server.log");
            var command = (asRoot ? "exec setpriv --reuid=postgres --regid=postgres --init-groups -- " : "exec ")
                + Quote(Path.Combine(bin, "postgres")) + " " + string.Join(' ', settings.Select(Quote))
                + " >>" + Quote(logFile) + " 2>&1";
            var psi = new ProcessStartInfo("/bin/sh", ["-c", command]) { UseShellExecute = false };
            var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start postgres");
            log.LogInformation("Started embedded PostgreSQL on 127.0.0.1:{Port} (pid {Pid}), data in {DataDirectory}", port, process.Id, dataDir);
            var server = new EmbeddedPostgres(dataDir, port, password, process.Id, process, log);
            try
            {
                await server.WaitUntilReadyAsync(TimeSpan.FromSeconds(60), ct);
                await server.RequirePasswordAsync(ct);
                return server;
            }
            catch (InvalidOperationException e) when (options.Port == 0 && attempt < 5 && e.Message.Contains("Address already in use", StringComparison.Ordinal))
            {
                await server.DisposeAsync();
                log.LogWarning("Port {Port} was taken before PostgreSQL could bind it; trying another", port);
            }
            catch
            {
                await server.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>
    /// A new cluster asks every connection for the password (scram-sha-256) from its first start. initdb reads the
    /// password from a file, which must not be the one in the data folder (initdb wants that folder empty): a copy
    /// in a private temporary folder, gone right after.
    /// </summary>
    private static async Task InitDbAsync(string bin, string dataDir, string password, bool asRoot, CancellationToken ct)
    {
        var temp = Directory.CreateTempSubdirectory("amazing-initdb-"); // 0700
        try
        {
            var pwfile = Path.Combine(temp.FullName, "pwfile");
            EmbeddedSecret.Write(pwfile, password);
            if (asRoot) await RunAsync("chown", ["-R", "postgres:postgres", temp.FullName], ct);
            await RunAsync(Path.Combine(bin, "initdb"),
                ["-D", dataDir, "-U", "postgres", "--auth=scram-sha-256", "--pwfile=" + pwfile, "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions"],
                ct, asRoot);
        }
        finally { temp.Delete(recursive: true); }
    }

    /// <summary>pg_hba.conf lines whose method is trust: the earlier versions' "any local process is the superuser".</summary>
    [GeneratedRegex(@"^(?<head>\s*(?:local|host\w*)\s.*?\s)trust(?<tail>\s*(?:#.*)?)$", RegexOptions.Multiline)]
    private static partial Regex TrustLine();

    private static bool Trusts(string dataDir) => TrustLine().IsMatch(File.ReadAllText(Path.Combine(dataDir, "pg_hba.conf")));

    /// <summary>
    /// A cluster made by an earlier version (initdb -A trust) is closed once, while it still trusts: the superuser
    /// gets the password, pg_hba.conf asks for it, the server reloads. Checked afterwards: a connection without the
    /// password is refused, or the start fails.
    /// </summary>
    private async Task RequirePasswordAsync(CancellationToken ct)
    {
        var hba = Path.Combine(DataDirectory, "pg_hba.conf");
        var text = await File.ReadAllTextAsync(hba, ct);
        if (!TrustLine().IsMatch(text)) return;
        await using (var conn = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false"))
        {
            await conn.OpenAsync(ct);
            await using (var alter = new NpgsqlCommand($"ALTER ROLE postgres PASSWORD '{EmbeddedSecret.ScramVerifier(Password)}'", conn))
                await alter.ExecuteNonQueryAsync(ct);
            // Rewritten in place: the file keeps its owner (postgres, when we are root) and mode.
            await File.WriteAllTextAsync(hba, TrustLine().Replace(text, "${head}scram-sha-256${tail}"), ct);
            await using var reload = new NpgsqlCommand("SELECT pg_reload_conf()", conn);
            await reload.ExecuteScalarAsync(ct);
        }
        NpgsqlConnection.ClearAllPools();
        // The reload is a signal: wait (bounded) until the server has read the new rules.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (await OpensWithoutPasswordAsync(ct))
        {
            if (DateTime.UtcNow > deadline)
                throw new InvalidOperationException($"The embedded PostgreSQL in {DataDirectory} still lets connections in without a password after pg_hba.conf was changed");
            await Task.Delay(100, ct);
        }
        _log.LogWarning("The embedded PostgreSQL let any local program in as its superuser without a password (trust, made by an earlier version): "
            + "it now asks for the password kept in {PasswordFile} (scram-sha-256)", PasswordFile);
    }

    private async Task<bool> OpensWithoutPasswordAsync(CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = "postgres", Pooling = false, Timeout = 5, Passfile = "/dev/null" };
        try
        {
            await using var conn = new NpgsqlConnection(cs.ConnectionString);
            await conn.OpenAsync(ct);
            return true;
        }
        catch (NpgsqlException) { return false; }
    }

    /// <summary>Where root keeps server files that the postgres user cannot reach in the checkout.</summary>
    public const string RootFallbackDirectory = "/var/lib/amazing-store";

    /// <summary>
    /// As root the server runs as the postgres user, which must be able to enter every folder above its data.
    /// A checkout in root's home (0700) or any private folder is out of its reach, so the files go to
    /// /var/lib/amazing-store/&lt;folder&gt;-&lt;hash of the configured path&gt; instead (one per checkout), and the
    /// log says where. Widening the permissions of root's home to let postgres through was the other way;
    /// moving the data touches nothing of the operator's.
    /// </summary>
    private static async Task<string> ReachableByPostgresAsync(string dataDir, ILogger log, CancellationToken ct)
    {
        var probe = ExistingAncestor(dataDir);
        if (await SucceedsAsPostgresAsync("test", ["-x", probe], ct)) return dataDir;
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(dataDir)))[..12].ToLowerInvariant();
        var name = new string(Path.GetFileName(Path.GetDirectoryName(dataDir.TrimEnd('/')) ?? "store").Where(char.IsAsciiLetterOrDigit).ToArray());
        var moved = Path.Combine(RootFallbackDirectory, $"{(name.Length > 0 ? name : "store")}-{hash}", "postgres");
        Directory.CreateDirectory(RootFallbackDirectory);
        // Only the postgres user (owner of the data) and root need to get in.
        if (OperatingSystem.IsLinux()) File.SetUnixFileMode(RootFallbackDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        log.LogWarning("The postgres user cannot enter {DataDirectory} (a private folder such as root's home): the embedded server keeps its files in {Moved} instead", dataDir, moved);
        return moved;
    }

    private static string ExistingAncestor(string path)
    {
        var dir = new DirectoryInfo(path);
        while (dir is { Exists: false, Parent: not null }) dir = dir.Parent;
        return dir.FullName;
    }

    private static async Task<bool> SucceedsAsPostgresAsync(string file, string[] args, CancellationToken ct)
    {
        try { await RunAsync(file, args, ct, asPostgres: true); return true; }
        catch (InvalidOperationException) { return false; }
    }

    public async Task EnsureDatabaseAsync(string database, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(ConnectionString("postgres"));
        await conn.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", conn);
        exists.Parameters.AddWithValue(database);
        if (await exists.ExecuteScalarAsync(ct) is not null) return;
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{database.Replace("\"", "\"\"")}\"", conn);
        try { await create.ExecuteNonQueryAsync(ct); }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DuplicateDatabase or PostgresErrorCodes.UniqueViolation) { }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true })
                throw new InvalidOperationException($"PostgreSQL exited at start-up:\n{LogTail()}");
            try
            {
                await using var conn = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false;Timeout=2");
                await conn.OpenAsync(ct);
                return;
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification)
            {
                // Waiting would not help: the file and the server disagree.
                throw new InvalidOperationException($"The embedded PostgreSQL in {DataDirectory} refused the password in {PasswordFile} ({e.MessageText}): "
                    + "put the right file back, or set a new password as the README's security section says", e);
            }
            catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
            {
                last = e;
                await Task.Delay(100, ct);
            }
        }
        throw new TimeoutException($"PostgreSQL did not accept connections within {timeout}: {last?.Message}\n{LogTail()}");
    }

    private string LogTail()
    {
        try { return string.Join('\n', File.ReadLines(Path.Combine(DataDirectory, "server.log")).TakeLast(15)); }
        catch (IOException) { return ""; }
    }

    /// <summary>Fast shutdown: open transactions roll back, committed data stays.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1) return;
        NpgsqlConnection.ClearAllPools();
        if (!IsAlive(_pid)) return;
        _log.LogInformation("Stopping embedded PostgreSQL (pid {Pid})", _pid);
        Kill(_pid, ProcessSignals.SIGINT);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (IsAlive(_pid) && DateTime.UtcNow < deadline) await Task.Delay(50);
        if (IsAlive(_pid)) Kill(_pid, ProcessSignals.SIGKILL);
        if (_process is not null) { await _process.WaitForExitAsync(); _process.Dispose(); }
    }

    private static bool TryReadRunning(string dataDir, out int pid, out int port)
    {
        pid = port = 0;
        var pidFile = Path.Combine(dataDir, "postmaster.pid");
        string[] lines;
        try { lines = File.ReadAllLines(pidFile); }
        catch (IOException) { return false; }
        catch (UnauthorizedAccessException) { return false; }
        return lines.Length > 3 && int.TryParse(lines[0], out pid) && int.TryParse(lines[3], out port) && IsAlive(pid)
            && File.Exists($"/proc/{pid}/cmdline") && File.ReadAllText($"/proc/{pid}/cmdline").Contains("postgres");
    }

    private static bool IsAlive(int pid) => pid > 0 && Kill(pid, 0) == 0 && !IsZombie(pid);

    private static bool IsZombie(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat").Split(')').Last().TrimStart().StartsWith('Z'); }
        catch (IOException) { return false; }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string[] args, CancellationToken ct, bool asPostgres = false)
    {
        var psi = asPostgres
            ? new ProcessStartInfo("setpriv", ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", file, .. args])
            : new ProcessStartInfo(file, args);
        psi.RedirectStandardOutput = psi.RedirectStandardError = true;
        psi.UseShellExecute = false;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}");
        var stdout = p.StandardOutput.ReadToEndAsync(ct);
        var stderr = p.StandardError.ReadToEndAsync(ct);
        await p.WaitForExitAsync(ct);
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} failed ({p.ExitCode}): {await stderr}{await stdout}");
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    public static bool IsRoot() => OperatingSystem.IsLinux() && GetEuid() == 0;

    [DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint GetEuid();

    private static int Kill(int pid, int signal) => ProcessSignals.Send(pid, signal);
}
