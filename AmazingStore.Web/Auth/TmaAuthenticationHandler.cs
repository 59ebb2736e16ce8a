using AmazingStore.Data.Users;
using AmazingStore.Bot.Telegram.InitData;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Web.Auth;

/// <summary>
/// <c>Authorization: tma &lt;initData&gt;</c>. The first valid request creates the <c>users</c> row;
/// who is an admin is <see cref="AdminRule"/>, the bot's rule too.
/// </summary>
public sealed class TmaAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IOptionsMonitor<AmazingStore.Bot.TelegramOptions> telegram, NpgsqlDataSource db, KnownUsers known, SignedInitDataCache signatures)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (header.Length == 0) return AuthenticateResult.NoResult();
        if (!header.StartsWith(CustomerAuth.Scheme + " ", StringComparison.OrdinalIgnoreCase))
            return AuthenticateResult.Fail("Not tma");

        var config = telegram.CurrentValue;
        var user = signatures.Validate(header[(CustomerAuth.Scheme.Length + 1)..].Trim(), config.InitDataToken,
            TimeSpan.FromSeconds(Math.Max(0, config.InitDataMaxAgeSeconds)), TimeProvider.GetUtcNow());
        if (user is null) return AuthenticateResult.Fail("Invalid initData");

        // A first request racing another one for the same new user may not see its row yet: look once more.
        (int Id, bool IsAdmin, bool IsActive)? row = known.TryGet(user.Id, out var seen) ? seen : null;
        if (row is null)
        {
            row = await FindOrCreateAsync(user, Context.RequestAborted) ?? await FindOrCreateAsync(user, Context.RequestAborted);
            if (row is { } found) known.Remember(user.Id, found);
        }
        if (row is { IsActive: false }) return CustomerAuth.FailBlocked(Context);
        if (row is null) return AuthenticateResult.Fail("Unknown user");
        var customer = new Customer(row.Value.Id, user.Id, AdminRule.IsAdmin(config.AdminIds.Contains(user.Id), row.Value.IsAdmin, row.Value.IsActive), user);
        Context.Items[Customer.ItemKey] = customer;

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, customer.UserId.ToString()), new("telegram_id", user.Id.ToString()) };
        if (customer.IsAdmin) claims.Add(new(ClaimTypes.Role, CustomerAuth.AdminRole));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, CustomerAuth.Scheme)), CustomerAuth.Scheme));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        CustomerAuth.IsBlockedOnCustomerRoute(Context) ? CustomerAuth.BlockedProblem().ExecuteAsync(Context) : CustomerAuth.WriteInvalidInitDataAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => CustomerAuth.WriteForbiddenAsync(Context);

    private async Task<(int Id, bool IsAdmin, bool IsActive)?> FindOrCreateAsync(InitDataUser user, CancellationToken ct)
    {
        // Insert-if-missing and read in one round trip; concurrent first requests meet at the unique key.
        await using var cmd = db.CreateCommand("""
            WITH ins AS (
                INSERT INTO users (telegram_id, first_name, last_name, username, language, last_login_at)
                VALUES ($1, $2, $3, $4, $5, now())
                ON CONFLICT (telegram_id) DO NOTHING
                RETURNING id, is_admin, is_active)
            SELECT id, is_admin, is_active FROM ins
            UNION ALL
            SELECT id, is_admin, is_active FROM users WHERE telegram_id = $1
            LIMIT 1
            """);
        cmd.Parameters.AddWithValue(user.Id);
        cmd.Parameters.AddWithValue(user.FirstName.Length > 0 ? user.FirstName : "Telegram user");
        cmd.Parameters.AddWithValue((object?)user.LastName ?? DBNull.Value);
        cmd.Parameters.AddWithValue((object?)user.Username ?? DBNull.Value);
        cmd.Parameters.AddWithValue(user.LanguageCode == "ru" ? "ru" : "uz");
        await using var r = await cmd.ExecuteReaderAsync(ct);
        return await r.ReadAsync(ct) ? (r.GetInt32(0), r.GetBoolean(1), r.GetBoolean(2)) : null;
    }
}
