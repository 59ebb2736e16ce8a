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
    /// <summary>Nothing failed, but some items were held back by a per-item limit (OZON's 30 s) and go in the next run.</summary>
    public const string Deferred = "deferred";
}

/// <summary>
/// What one run did; <see cref="Status"/> is one of <see cref="SyncStatuses"/>. <see cref="Failed"/> items
/// were refused; <see cref="CoolingDown"/> more were only held back by a per-item cooldown (deferred, not
/// failed); <see cref="RunFailed"/> means the run as a whole failed (marketplace or database away).
/// </summary>
public sealed record SyncOutcome(string Slug, string Type, string Status, int Processed, int Failed, string? Error, int CoolingDown = 0, bool RunFailed = false)
{
    public static SyncOutcome Skip(string slug, string type, string why) => new(slug, type, SyncStatuses.Skipped, 0, 0, why);
}

/// <summary>The work of one run before it is logged.</summary>
public sealed record SyncWork(int Processed, int Failed, string? Error, int CoolingDown = 0, bool RunFailed = false)
{
    public string Status => Failed == 0 && Error is null ? SyncStatuses.Success
        : Failed == 0 && CoolingDown > 0 && !RunFailed ? SyncStatuses.Deferred
        : Processed > Failed ? SyncStatuses.Partial : SyncStatuses.Failed;

    /// <summary>The outcome of pushing <paramref name="sent"/> items with these per-item failures.</summary>
    public static SyncWork FromPush(int sent, IReadOnlyList<Connectors.ItemFailure> failures, string? error, bool runFailed)
    {
        var byItem = failures.GroupBy(f => f.MappingId).ToList();
        var deferred = byItem.Count(IsDeferred);
        return new(sent, byItem.Count - deferred, error, deferred, runFailed);
    }

    /// <summary>An item is deferred when every refusal it got was a per-item cooldown.</summary>
    public static bool IsDeferred(IEnumerable<Connectors.ItemFailure> failures) => failures.All(f => f.Kind == Connectors.ItemFailureKind.Cooldown);
}
