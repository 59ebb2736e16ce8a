namespace AmazingStore.Web.Backups;

/// <summary>The <c>Backup</c> configuration section.</summary>
public sealed class BackupOptions
{
    /// <summary>Scheduled dumps; default on for the embedded server (everything lives in one folder), off for an external one.</summary>
    public bool? Enabled { get; set; }
    /// <summary>Where dumps go (relative to the content root); default .data/backups.</summary>
    public string Directory { get; set; } = ".data/backups";
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(24);
    /// <summary>How many dumps are kept; older ones are deleted after a good one is written.</summary>
    public int Keep { get; set; } = 7;
    /// <summary>Older than this, the last good backup is stale: a warning in the log and on the admin screen.</summary>
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromDays(1);
    /// <summary>How often the scheduler looks whether a dump is due (and warns when the last one is stale).</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(10);
}
