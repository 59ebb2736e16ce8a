using AmazingStore.Data;
using AmazingStore.Data.Orders;
using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Payments;

/// <summary>
/// Runs <see cref="OrderExpiry"/> every Payments:ExpiryCheckSeconds: unpaid card/Stars orders after
/// Payments:UnpaidTimeoutMinutes, unconfirmed cash orders after Orders:UnconfirmedCashExpiryMinutes. A loop on
/// every instance rather than a Hangfire job: it must run where Hangfire's server is off too, and the rows it
/// takes are locked with SKIP LOCKED, so instances never cancel the same order twice.
/// </summary>
public sealed class OrderExpiryService(IServiceScopeFactory scopes, IOptions<PaymentOptions> options, ILogger<OrderExpiryService> log) : BackgroundService
{
    private const int Batch = 100;

    public ExpiryRules Rules
    {
        get
        {
            var o = options.Value;
            return new ExpiryRules(TimeSpan.FromMinutes(Math.Max(1, o.UnpaidTimeoutMinutes)),
                o.UnconfirmedCashExpiryMinutes > 0 ? TimeSpan.FromMinutes(o.UnconfirmedCashExpiryMinutes) : null,
                TimeSpan.FromMinutes(Math.Max(0, o.PreCheckoutGraceMinutes)));
        }
    }

    /// <summary>
    /// One pass (tests call it directly): expires what is due, and reminds the owner of confirmed card/Stars
    /// orders still unpaid (OrderExpiry.RemindUnpaidConfirmedAsync); the ids of the orders cancelled.
    /// </summary>
    public async Task<IReadOnlyList<int>> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<StoreDb>();
        var expired = await OrderExpiry.ExpireDueAsync(db, Rules, Batch, ct);
        if (expired.Count > 0) log.LogInformation("Expired {Count} order(s) that were not paid or confirmed in time", expired.Count);
        var reminded = await OrderExpiry.RemindUnpaidConfirmedAsync(db, Rules, Batch, ct);
        if (reminded.Count > 0) log.LogInformation("Reminded the owner of {Count} confirmed order(s) still unpaid", reminded.Count);
        return expired;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.ExpiryCheckSeconds)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try { await RunOnceAsync(stoppingToken); }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
                catch (Exception e)
                {
                    // The next tick tries again; an order overdue by one interval is no harm.
                    log.LogWarning("Order expiry pass failed: {Error}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) { }
    }
}
