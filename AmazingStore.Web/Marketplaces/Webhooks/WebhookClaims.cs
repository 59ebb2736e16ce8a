using Npgsql;
using NpgsqlTypes;

namespace AmazingStore.Web.Marketplaces.Webhooks;

/// <summary>One claimed push, owned by the attempt numbered <see cref="Attempt"/>.</summary>
public sealed record WebhookClaim(int Id, int MarketplaceId, string EventType, string Payload, int Attempt);

/// <summary>
/// Claims and settles marketplace_webhooks rows, each step one short statement: no transaction or
/// row lock is held while the marketplace is called. A claimed row is 'processing' until
/// claimed_until (SKIP LOCKED only guards the claim itself, so instances still share the rows); a
/// worker that died leaves it so, and it is claimable again once that passes.
/// </summary>
public sealed class WebhookClaims(NpgsqlDataSource dataSource)
{
    public async Task<WebhookClaim?> ClaimAsync(TimeSpan lease, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            UPDATE marketplace_webhooks w
               SET status = 'processing', attempts = w.attempts + 1, claimed_until = now() + $1
              FROM (SELECT id FROM marketplace_webhooks
                     WHERE status IN ('pending', 'processing') AND (claimed_until IS NULL OR claimed_until < now())
                     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) c
             WHERE w.id = c.id
            RETURNING w.id, w.marketplace_id, w.event_type, w.payload::text, w.attempts
            """);
        cmd.Parameters.AddWithValue(lease);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return null;
        return new WebhookClaim(r.GetInt32(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetInt32(4));
    }

    /// <summary>
    /// Writes the attempt's outcome. Only the attempt that still owns the row may: after its claim
    /// passed another worker may have taken it, and that one's outcome counts. Returns false then.
    /// </summary>
    /// <param name="notBefore">For 'pending': the next try waits this long.</param>
    /// <param name="countAttempt">False hands the row back as if this attempt never ran (shutdown).</param>
    public async Task<bool> FinishAsync(WebhookClaim claim, string status, string? error, TimeSpan? notBefore = null, bool countAttempt = true)
    {
        await using var cmd = dataSource.CreateCommand("""
            UPDATE marketplace_webhooks
               SET status = $3,
                   claimed_until = CASE WHEN $5::interval IS NULL THEN NULL ELSE now() + $5::interval END,
                   processed_at = CASE WHEN $3 = 'pending' THEN NULL ELSE now() END,
                   error_message = CASE WHEN $6 THEN $4 ELSE error_message END,
                   retry_count = retry_count + CASE WHEN $6 AND $4 IS NOT NULL THEN 1 ELSE 0 END,
                   attempts = attempts - CASE WHEN $6 THEN 0 ELSE 1 END
             WHERE id = $1 AND attempts = $2 AND status = 'processing'
            """);
        cmd.Parameters.AddWithValue(claim.Id);
        cmd.Parameters.AddWithValue(claim.Attempt);
        cmd.Parameters.AddWithValue(status);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Text, (object?)error ?? DBNull.Value);
        cmd.Parameters.AddWithValue(NpgsqlDbType.Interval, (object?)notBefore ?? DBNull.Value);
        cmd.Parameters.AddWithValue(countAttempt);
        // The outcome is written even when the host is stopping, or a finished push would run again.
        return await cmd.ExecuteNonQueryAsync(CancellationToken.None) == 1;
    }
}
