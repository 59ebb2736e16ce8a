using AmazingStore.Data.Orders;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Web.Catalog;

/// <summary>
/// Writes counted product views and queued order counts (<see cref="OrderCounts"/>) to products every
/// <c>Catalog:ViewFlushSeconds</c> (a minute by default) and once more on shutdown.
/// </summary>
public sealed class ProductViewFlusher(ProductViews views, NpgsqlDataSource db, IOptions<CatalogOptions> options,
    ILogger<ProductViewFlusher> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Clamp(options.Value.ViewFlushSeconds, 0.05, 3600)));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken)) await FlushAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    public async Task FlushAsync(CancellationToken ct)
    {
        await FlushViewsAsync(ct);
        try
        {
            // Not quiet: order counts change the "popular" order, and they only come after orders, which
            // empty the caches anyway (stock changed).
            await OrderCounts.FlushAsync(db, ct);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            log.LogWarning("Order counts not moved to products yet ({Error}); they stay queued in the database", e.Message);
        }
    }

    private async Task FlushViewsAsync(CancellationToken ct)
    {
        var counts = views.TakeAll();
        // A view counted between TakeAll and a concurrent AddOrUpdate on the old set may rarely be
        // lost; a view counter can afford that, the hot path cannot afford a lock.
        if (counts.Count == 0) return;
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(ct);
            // Quiet: a view count is no reason to empty every instance's catalog cache (0010_catalog_notify).
            await using (var quiet = new NpgsqlCommand("SET LOCAL amazing.quiet_catalog = 'on'", conn, tx))
                await quiet.ExecuteNonQueryAsync(ct);
            await using (var cmd = new NpgsqlCommand("""
                UPDATE products p SET view_count = p.view_count + v.n
                FROM unnest($1::int[], $2::int[]) AS v(id, n) WHERE p.id = v.id
                """, conn, tx))
            {
                var pairs = counts.ToArray();
                cmd.Parameters.AddWithValue(pairs.Select(p => p.Key).ToArray());
                cmd.Parameters.AddWithValue(pairs.Select(p => p.Value).ToArray());
                await cmd.ExecuteNonQueryAsync(ct);
            }
            await tx.CommitAsync(ct);
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException)
        {
            views.Return(counts);
            log.LogWarning("Product views not written yet ({Error}); they go out with the next flush", e.Message);
        }
    }
}
