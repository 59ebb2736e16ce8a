using System.Text.Json;
using AmazingStore.Data;
using AmazingStore.Web.Marketplaces.Connectors;
using AmazingStore.Web.Marketplaces.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Web.Marketplaces.Webhooks;

/// <summary>Wakes the processor in this instance when a push was stored.</summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim _wake = new(0);
    public void Wake() { if (_wake.CurrentCount == 0) _wake.Release(); }
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}

/// <summary>
/// Processes stored marketplace pushes: claims pending rows (SKIP LOCKED, so instances share
/// them), re-reads each posting through the API and imports it. Duplicated pushes are harmless
/// because the import is idempotent on (marketplace, posting number).
/// </summary>
public sealed class WebhookProcessor(
    NpgsqlDataSource dataSource,
    IServiceScopeFactory scopes,
    WebhookSignal signal,
    IEnumerable<IMarketplaceConnector> connectors,
    MarketplaceContextLoader loader,
    OrderImport import,
    IOptions<MarketplaceOptions> options,
    ILogger<WebhookProcessor> log) : BackgroundService
{
    private const int MaxRetries = 5;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await ProcessOneAsync(stoppingToken)) { }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (Exception e) { log.LogWarning("Webhook processing paused: {Error}", e.Message); }
            try { await signal.WaitAsync(options.Value.WebhookPollInterval, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }

    private async Task<bool> ProcessOneAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        int id, marketplaceId, retries; string type, payload;
        await using (var claim = new NpgsqlCommand("""
            SELECT id, marketplace_id, event_type, payload::text, retry_count FROM marketplace_webhooks
             WHERE status = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED
            """, conn, tx))
        await using (var r = await claim.ExecuteReaderAsync(ct))
        {
            if (!await r.ReadAsync(ct)) return false;
            (id, marketplaceId, type, payload, retries) = (r.GetInt32(0), r.GetInt32(1), r.GetString(2), r.GetString(3), r.GetInt32(4));
        }
        string status, error = "";
        try
        {
            status = await HandleAsync(marketplaceId, type, payload, ct) ? "processed" : "ignored";
        }
        // Any failure of one push (a reply that does not parse included) counts against that row, so it
        // ends as failed after MaxRetries instead of coming back for ever.
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            error = e.Message;
            status = retries + 1 >= MaxRetries ? "failed" : "pending";
        }
        await using (var done = new NpgsqlCommand("""
            UPDATE marketplace_webhooks SET status = $2, processed_at = CASE WHEN $2 = 'pending' THEN NULL ELSE now() END,
                   error_message = NULLIF($3, ''), retry_count = retry_count + CASE WHEN $3 = '' THEN 0 ELSE 1 END
             WHERE id = $1
            """, conn, tx))
        {
            done.Parameters.AddWithValue(id);
            done.Parameters.AddWithValue(status);
            done.Parameters.AddWithValue(error);
            await done.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return status != "pending";
    }

    private async Task<bool> HandleAsync(int marketplaceId, string type, string payload, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(payload);
        var posting = doc.RootElement.Str("posting_number");
        if (posting is null) return false;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        var slug = await db.Marketplaces.Where(m => m.Id == marketplaceId).Select(m => m.Slug).FirstAsync(ct);
        var (_, ctx) = await loader.LoadAsync(db, slug, ct);
        var connector = connectors.FirstOrDefault(c => c.Slug == slug);
        if (ctx is null || connector is null) throw new InvalidOperationException($"{slug}: credentials not set, cannot re-read {posting}");
        var order = await connector.FetchOrderAsync(ctx, posting, ct);
        if (order is null) return false;
        var work = await import.ImportAsync(db, ctx, [order], ct);
        if (work.Error is not null) throw new InvalidOperationException(work.Error);
        return true;
    }
}
