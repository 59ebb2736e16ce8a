using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Backups;

/// <summary>
/// Takes a dump when the last good one is older than Backup:Interval (checked every Backup:CheckInterval, so a
/// host that was down catches up at start), and warns while the last good backup is older than Backup:StaleAfter.
/// A failed dump is logged and tried again at the next check.
/// </summary>
public sealed class BackupScheduler(BackupRunner runner, IOptions<BackupOptions> options, TimeProvider clock, ILogger<BackupScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        // Let start-up (migrations, demo seeding) finish first.
        try { await Task.Delay(TimeSpan.FromSeconds(5), clock, stoppingToken); } catch (OperationCanceledException) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            if (runner.LastGoodAt is not { } last || now - last >= o.Interval)
            {
                try { await runner.TakeAsync(stoppingToken); }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
                catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
                {
                    log.LogError("Backup failed: {Error}; trying again in {Interval}", e.Message, o.CheckInterval);
                }
            }
            if (runner.IsStale(clock.GetUtcNow().UtcDateTime))
                log.LogWarning("The last good backup is {Age} old (or there is none): orders since then would be lost with this server's disk. Check {Folder}",
                    runner.LastGoodAt is { } at ? clock.GetUtcNow().UtcDateTime - at : "never", runner.Folder);
            try { await Task.Delay(o.CheckInterval, clock, stoppingToken); } catch (OperationCanceledException) { return; }
        }
    }
}
