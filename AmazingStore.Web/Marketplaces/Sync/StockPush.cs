using AmazingStore.Web.Infrastructure;
using AmazingStore.Data;
using AmazingStore.Web.Marketplaces.Connectors;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Web.Marketplaces.Sync;

/// <summary>
/// Pushes available stock (on hand − reserved − the channel's safety buffer, never below 0) for
/// every mapped product whose value differs from what was last pushed (or every one when full),
/// and records each item's outcome on its mapping so failed items go again next run.
/// </summary>
public sealed class StockPush(TimeProvider clock)
{
    public async Task<SyncWork> RunAsync(StoreDb db, IMarketplaceConnector connector, MarketplaceContext ctx, bool full, CancellationToken ct)
    {
        var buffer = ctx.SafetyBuffer;
        var query = db.MarketplaceProducts.AsNoTracking().Where(m => m.MarketplaceId == ctx.Id && m.IsActive);
        // The database picks the items that changed: a run after one order reads three rows, not the catalog.
        if (!full)
            query = query.Where(m => m.SyncStatus == "error" || m.LastPushedStock == null || m.LastPushedStock !=
                (m.Product.IsActive && m.Product.Inventory != null
                    ? Math.Max(m.Product.Inventory.Available - buffer, 0)
                    : 0));
        // Only what a push needs: the whole product rows (names and descriptions in two languages) were
        // most of a 10 000-item push's time.
        var rows = await query.OrderBy(m => m.Id).Select(m => new
        {
            Mapping = m,
            m.Product.Sku,
            m.Product.Barcode,
            Available = m.Product.IsActive && m.Product.Inventory != null
                ? m.Product.Inventory.Available
                : 0,
        }).ToListAsync(ct);
        var updates = new List<StockUpdate>();
        foreach (var r in rows)
        {
            var m = r.Mapping;
            m.Product = new AmazingStore.Data.Catalog.Product { Id = m.ProductId, Sku = r.Sku, Barcode = r.Barcode };
            var amount = Math.Max(r.Available - buffer, 0);
            if (!full && m.LastPushedStock == amount && m.SyncStatus != "error") continue;
            updates.Add(new StockUpdate(m, m.Barcode ?? r.Barcode, amount));
        }
        if (updates.Count == 0) return new SyncWork(0, 0, null);

        IReadOnlyList<ItemFailure> failures;
        string? runError = null;
        try { failures = await connector.PushStockAsync(ctx, updates, ct); }
        catch (MarketplaceException e)
        {
            runError = e.Message;
            failures = updates.Select(u => new ItemFailure(u.Mapping.Id, e.Message)).ToList();
        }
        var failed = ItemOutcome.Of(failures);
        await RecordAsync(db, updates, failed, clock.GetUtcNow().UtcDateTime);
        return SyncWork.FromPush(updates.Count, failures, runError ?? Describe(updates.Select(u => u.Mapping), failed), runError is not null);
    }

    /// <summary>Each item's outcome on its mapping, in one statement however many items were pushed.</summary>
    private static async Task RecordAsync(StoreDb db, List<StockUpdate> updates, Dictionary<int, ItemOutcome> failed, DateTime now)
    {
        await db.Database.OpenConnectionAsync(CancellationToken.None);
        try
        {
            await using var cmd = db.Sql("""
                UPDATE marketplace_products m SET
                    last_synced_at = $4,
                    sync_status = CASE WHEN u.error IS NULL THEN 'synced' WHEN u.deferred THEN 'deferred' ELSE 'error' END,
                    sync_error = u.error,
                    previous_stock = CASE WHEN u.error IS NULL THEN m.last_pushed_stock ELSE m.previous_stock END,
                    last_pushed_stock = CASE WHEN u.error IS NULL THEN u.amount ELSE m.last_pushed_stock END,
                    marketplace_stock = CASE WHEN u.error IS NULL THEN u.amount ELSE m.marketplace_stock END,
                    last_stock_sync_at = CASE WHEN u.error IS NULL THEN $4 ELSE m.last_stock_sync_at END,
                    stock_last_synced_at = CASE WHEN u.error IS NULL THEN $4 ELSE m.stock_last_synced_at END
                FROM unnest($1::int[], $2::int[], $3::text[], $5::bool[]) AS u(id, amount, error, deferred)
                WHERE m.id = u.id
                """,
                updates.Select(u => u.Mapping.Id).ToArray(),
                updates.Select(u => u.Amount).ToArray(),
                updates.Select(u => failed.GetValueOrDefault(u.Mapping.Id)?.Error).ToArray(),
                now,
                updates.Select(u => failed.GetValueOrDefault(u.Mapping.Id)?.Deferred ?? false).ToArray());
            await cmd.ExecuteNonQueryAsync(CancellationToken.None);
        }
        finally { await db.Database.CloseConnectionAsync(); }
    }

    /// <summary>
    /// Names each failed item (our SKU and the marketplace key) with its error, and apart from them the
    /// items only deferred by a per-item limit: those are not failures, and the owner's log must not say so.
    /// </summary>
    internal static string? Describe(IEnumerable<AmazingStore.Data.Marketplaces.MarketplaceProduct> items, Dictionary<int, ItemOutcome> failed)
    {
        if (failed.Count == 0) return null;
        var list = items.Where(m => failed.ContainsKey(m.Id)).ToList();
        string Name(AmazingStore.Data.Marketplaces.MarketplaceProduct m) => $"{m.Product.Sku} ({m.MarketplaceSku ?? m.MarketplaceProductId}): {failed[m.Id].Error}";
        var refused = list.Where(m => !failed[m.Id].Deferred).Select(Name).ToList();
        var deferred = list.Where(m => failed[m.Id].Deferred).Select(Name).ToList();
        var parts = new List<string>();
        if (refused.Count > 0) parts.Add($"{refused.Count} item(s) failed: " + string.Join("; ", refused));
        if (deferred.Count > 0) parts.Add($"{deferred.Count} item(s) deferred to the next run (per-item rate limit): " + string.Join("; ", deferred));
        var text = string.Join(" | ", parts);
        return text.Length > 4000 ? text[..4000] : text;
    }
}

/// <summary>One item's refusal in a push: its first error, and whether it was only deferred (a per-item cooldown).</summary>
internal sealed record ItemOutcome(string Error, bool Deferred)
{
    public static Dictionary<int, ItemOutcome> Of(IEnumerable<ItemFailure> failures) =>
        failures.GroupBy(f => f.MappingId).ToDictionary(g => g.Key, g => new ItemOutcome(g.First().Error, SyncWork.IsDeferred(g)));
}
