namespace AmazingStore.Web.Reports;

/// <summary>Reports:* — the owner's daily digest.</summary>
public sealed class ReportsOptions
{
    /// <summary>Off: no daily digest is scheduled (an existing schedule is removed).</summary>
    public bool DigestEnabled { get; set; } = true;
    /// <summary>The Tashkent hour (0–23) the digest of the previous day is sent at.</summary>
    public int DigestHour { get; set; } = 9;
}
