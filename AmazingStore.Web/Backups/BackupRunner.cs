using System.Globalization;
using AmazingStore.Web.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Web.Backups;

public sealed record BackupFile(string Name, long Bytes, DateTime TakenAt);

/// <summary>
/// Takes a consistent dump of the store's database (pg_dump's custom format: one snapshot, compressed, restored
/// with pg_restore) into the backup folder, keeps the newest ones and says when the last good one was taken.
/// A dump is written under a temporary name and renamed when pg_dump succeeded, so a half-written file is never
/// taken for a backup.
/// </summary>
public sealed class BackupRunner(NpgsqlDataSource dataSource, IOptions<BackupOptions> options, IOptions<StoreOptions> store,
    IHostEnvironment env, TimeProvider clock, ILogger<BackupRunner> log)
{
    private const string Prefix = "amazing-store-";
    private const string Extension = ".dump";
    private readonly SemaphoreSlim _one = new(1, 1);

    public string Folder => Path.GetFullPath(Path.Combine(env.ContentRootPath, options.Value.Directory));

    public async Task<BackupFile> TakeAsync(CancellationToken ct)
    {
        await _one.WaitAsync(ct);
        try
        {
            Directory.CreateDirectory(Folder);
            var now = clock.GetUtcNow().UtcDateTime;
            var name = Prefix + now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + Extension;
            var partial = Path.Combine(Folder, name + ".partial");
            var cs = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            await PgTools.RunAsync("pg_dump", dataSource.ConnectionString, store.Value.PostgresBinDirectory,
                ["--format=custom", "--no-owner", "--file", partial, cs.Database ?? "amazing_store"], ct);
            var final = Path.Combine(Folder, name);
            File.Move(partial, final, overwrite: true);
            Prune();
            var file = new BackupFile(name, new FileInfo(final).Length, now);
            log.LogInformation("Backup written: {File} ({Bytes} bytes)", final, file.Bytes);
            return file;
        }
        finally { _one.Release(); }
    }

    public IReadOnlyList<BackupFile> List()
    {
        if (!Directory.Exists(Folder)) return [];
        return new DirectoryInfo(Folder).GetFiles(Prefix + "*" + Extension)
            .Select(f => new BackupFile(f.Name, f.Length, TakenAt(f)))
            .OrderByDescending(f => f.TakenAt).ToList();
    }

    public DateTime? LastGoodAt => List().FirstOrDefault()?.TakenAt;

    public bool IsStale(DateTime now) => LastGoodAt is not { } last || now - last > options.Value.StaleAfter;

    /// <summary>The time in the name (when the snapshot was taken), not the file's, which a copy would change.</summary>
    private static DateTime TakenAt(FileInfo f) =>
        DateTime.TryParseExact(f.Name[Prefix.Length..^Extension.Length], "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t) ? t : f.LastWriteTimeUtc;

    private void Prune()
    {
        foreach (var old in List().Skip(Math.Max(options.Value.Keep, 1)))
        {
            try { File.Delete(Path.Combine(Folder, old.Name)); }
            catch (IOException e) { log.LogWarning("Could not delete old backup {File}: {Error}", old.Name, e.Message); }
        }
    }
}
