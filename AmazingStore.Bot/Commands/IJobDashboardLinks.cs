namespace AmazingStore.Bot.Commands;

/// <summary>Makes the one-time link that opens the job dashboard for an admin (implemented by the web host).</summary>
public interface IJobDashboardLinks
{
    /// <summary>An absolute link for this admin, or null when the store's public address (Telegram:MiniAppUrl) is not set.</summary>
    string? CreateLink(long telegramUserId);

    /// <summary>How long the link works.</summary>
    TimeSpan LinkLifetime { get; }
}
