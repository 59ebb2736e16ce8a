namespace AmazingStore.Web.Jobs;

/// <summary>Hangfire and its dashboard (section "Jobs").</summary>
public sealed class JobsOptions
{
    /// <summary>Hangfire's tables live in this schema of the store's database.</summary>
    public string Schema { get; set; } = "hangfire";
    /// <summary>How long a dashboard session cookie is good for; the admin opens the dashboard again after it.</summary>
    public TimeSpan DashboardSessionLifetime { get; set; } = TimeSpan.FromMinutes(10);
    /// <summary>How long the bot's one-time dashboard link can be exchanged for a session.</summary>
    public TimeSpan DashboardLinkLifetime { get; set; } = TimeSpan.FromMinutes(2);
}
