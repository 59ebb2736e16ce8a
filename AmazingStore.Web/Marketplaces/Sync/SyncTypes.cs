namespace AmazingStore.Web.Marketplaces.Sync;

/// <summary>sync_logs.sync_type values and the triggers that start a run.</summary>
public static class SyncTypes
{
    public const string Stock = "stock";
    public const string Price = "price";
    public const string Orders = "orders";
    public const string All = "all";

    public static readonly string[] Each = [Stock, Price, Orders];

    public static bool IsValid(string type) => type is Stock or Price or Orders or All;
}

public static class SyncTriggers
{
    public const string Schedule = "schedule";
    public const string Manual = "manual";
    public const string Outbox = "outbox";
}

public static class SyncStatuses
{
    public const string Success = "success";
    public const string Partial = "partial";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}

/// <summary>
/// What one run did; <see cref="Status"/> is one of <see cref="SyncStatuses"/>. <see cref="CoolingDown"/>
/// of the failed items were refused only for a per-item cooldown; <see cref="RunFailed"/> means the
/// run as a whole failed (marketplace or database away), not some of its items.
/// </summary>
public sealed record SyncOutcome(string Slug, string Type, string Status, int Processed, int Failed, string? Error, int CoolingDown = 0, bool RunFailed = false)
{
    public static SyncOutcome Skip(string slug, string type, string why) => new(slug, type, SyncStatuses.Skipped, 0, 0, why);
}

/// <summary>The work of one run before it is logged.</summary>
public sealed record SyncWork(int Processed, int Failed, string? Error, int CoolingDown = 0, bool RunFailed = false)
{
    public string Status => Failed == 0 && Error is null ? SyncStatuses.Success
        : Processed > Failed ? SyncStatuses.Partial : SyncStatuses.Failed;

    /// <summary>The outcome of pushing <paramref name="sent"/> items with these per-item failures.</summary>
    public static SyncWork FromPush(int sent, IReadOnlyList<Connectors.ItemFailure> failures, string? error, bool runFailed) => new(
        sent,
        failures.Select(f => f.MappingId).Distinct().Count(),
        error,
        failures.GroupBy(f => f.MappingId).Count(g => g.All(f => f.Kind == Connectors.ItemFailureKind.Cooldown)),
        runFailed);
}
