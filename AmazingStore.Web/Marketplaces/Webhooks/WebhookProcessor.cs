using System.Text.Json;
using AmazingStore.Data;
using AmazingStore.Web.Marketplaces.Connectors;
using AmazingStore.Web.Marketplaces.Sync;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Marketplaces.Webhooks;

/// <summary>Wakes the processor in this instance when a push was stored.</summary>
public sealed class WebhookSignal
{
    private readonly SemaphoreSlim _wake = new(0);
    public void Wake() { if (_wake.CurrentCount == 0) _wake.Release(); }
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _wake.WaitAsync(timeout, ct);
}

/// <summary>
/// Processes stored marketplace pushes: claims a pending row (committed at once, see
/// <see cref="WebhookClaims"/>), re-reads the posting through the API outside any transaction and
/// imports it, then writes the outcome in a second short statement. Duplicated pushes, and a push
/// taken over after its worker died, are harmless because the import is idempotent on
/// (marketplace, posting number).
/// </summary>
public sealed class WebhookProcessor(
    WebhookClaims claims,
    IServiceScopeFactory scopes,
    WebhookSignal signal,
    IEnumerable<IMarketplaceConnector> connectors,
    MarketplaceContextLoader loader,
    OrderImport import,
    IOptions<MarketplaceOptions> options,
    ILogger<WebhookProcessor> log) : BackgroundService
{
    private const int MaxAttempts = 5;

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

    /// <returns>True when a row was claimed (there may be more).</returns>
    private async Task<bool> ProcessOneAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var claim = await claims.ClaimAsync(o.WebhookClaimLease, stoppingToken);
        if (claim is null) return false;
        if (claim.Attempt > MaxAttempts)
        {
            // The last of its attempts never finished (its worker died): stop trying.
            await claims.FinishAsync(claim, "failed", $"gave up after {MaxAttempts} attempts, the last of which did not finish");
            return true;
        }
        // The attempt may last no longer than its claim: past that another worker may take the row.
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        budget.CancelAfter(o.WebhookClaimLease);
        string status;
        string? error = null;
        try
        {
            status = await HandleAsync(claim, budget.Token) ? "processed" : "ignored";
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: hand the row back untouched by this attempt.
            await claims.FinishAsync(claim, "pending", null, countAttempt: false);
            throw;
        }
        // Any failure of one push (a reply that does not parse included) counts against that row, so it
        // ends as failed after MaxAttempts instead of coming back for ever.
        catch (Exception e)
        {
            error = budget.IsCancellationRequested ? $"not finished within the claim ({o.WebhookClaimLease})" : e.Message;
            status = claim.Attempt >= MaxAttempts ? "failed" : "pending";
        }
        if (!await claims.FinishAsync(claim, status, error, status == "pending" ? o.WebhookPollInterval : null))
            log.LogWarning("Webhook #{Id}: attempt {Attempt} outlived its claim; the attempt that took the row over records the outcome", claim.Id, claim.Attempt);
        return true;
    }

    private async Task<bool> HandleAsync(WebhookClaim claim, CancellationToken ct)
    {
        using var doc = JsonDocument.Parse(claim.Payload);
        var posting = doc.RootElement.Str("posting_number");
        if (posting is null) return false;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        var slug = await db.Marketplaces.Where(m => m.Id == claim.MarketplaceId).Select(m => m.Slug).FirstAsync(ct);
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
