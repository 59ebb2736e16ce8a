using System.Globalization;
using System.Security.Cryptography;
using AmazingStore.Bot;
using AmazingStore.Bot.Commands;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Web.Jobs;

/// <summary>
/// One-time links to the dashboard (the bot's /jobs, the Mini App inside Telegram, whose links open in
/// another browser without the Mini App's cookie). The token is "nonce:telegram id" protected with a
/// time-limited Data Protection purpose; it is issued only to someone already checked as an admin, and
/// exchanged once for a session: its nonce goes into dashboard_link_uses, shared by every instance.
/// </summary>
public sealed class DashboardLinks(
    IDataProtectionProvider protection, NpgsqlDataSource db, IOptions<JobsOptions> options, IOptions<TelegramOptions> telegram, TimeProvider clock)
    : IJobDashboardLinks
{
    public const string LoginPath = DashboardSession.Path + "/login";
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("AmazingStore.Jobs.DashboardLink.v1").ToTimeLimitedDataProtector();

    public TimeSpan LinkLifetime => options.Value.DashboardLinkLifetime;

    public string? CreateLink(long telegramUserId) =>
        Uri.TryCreate(telegram.Value.MiniAppUrl, UriKind.Absolute, out var app) ? LinkOn(app, telegramUserId) : null;

    /// <summary>The link on the store at <paramref name="origin"/>.</summary>
    public string LinkOn(Uri origin, long telegramUserId)
    {
        var token = _protector.Protect($"{Guid.NewGuid():N}:{telegramUserId.ToString(CultureInfo.InvariantCulture)}", clock.GetUtcNow() + LinkLifetime);
        return new Uri(origin, $"{LoginPath}?token={Uri.EscapeDataString(token)}").AbsoluteUri;
    }

    /// <summary>The admin's Telegram id when the token is genuine, unexpired and used for the first time; null otherwise.</summary>
    public async Task<long?> RedeemAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 1000) return null;
        string payload;
        DateTimeOffset expires;
        try { payload = _protector.Unprotect(token, out expires); }
        catch (CryptographicException) { return null; } // forged, altered, expired or from another key ring
        var parts = payload.Split(':');
        if (parts.Length != 2 || !Guid.TryParseExact(parts[0], "N", out var nonce)
            || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var telegramId)) return null;

        // Old nonces are of no use once their links expired; clearing them here keeps the table tiny.
        await using var cmd = db.CreateCommand("""
            WITH gone AS (DELETE FROM dashboard_link_uses WHERE expires_at < now() - interval '1 day')
            INSERT INTO dashboard_link_uses (nonce, expires_at) VALUES ($1, $2) ON CONFLICT (nonce) DO NOTHING
            """);
        cmd.Parameters.AddWithValue(nonce);
        cmd.Parameters.AddWithValue(expires.UtcDateTime);
        return await cmd.ExecuteNonQueryAsync(ct) == 1 ? telegramId : null;
    }
}
