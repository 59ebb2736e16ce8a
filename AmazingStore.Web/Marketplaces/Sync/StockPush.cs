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
        var mappings = await db.MarketplaceProducts
            .Where(m => m.MarketplaceId == ctx.Id && m.IsActive)
            .Include(m => m.Product).ThenInclude(p => p.Inventory)
            .OrderBy(m => m.Id)
            .ToListAsync(ct);
        var updates = new List<StockUpdate>();
        foreach (var m in mappings)
        {
            var inv = m.Product.Inventory;
            var available = m.Product.IsActive && inv is not null ? Math.Max(inv.Quantity - inv.ReservedQuantity, 0) : 0;
            var amount = Math.Max(available - ctx.SafetyBuffer, 0);
            if (!full && m.LastPushedStock == amount && m.SyncStatus != "error") continue;
            updates.Add(new StockUpdate(m, m.Barcode ?? m.Product.Barcode, amount));
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
        var failed = failures.GroupBy(f => f.MappingId).ToDictionary(g => g.Key, g => g.First().Error);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var u in updates)
        {
            u.Mapping.LastSyncedAt = now;
            if (failed.TryGetValue(u.Mapping.Id, out var error))
            {
                u.Mapping.SyncStatus = "error";
                u.Mapping.SyncError = error;
                continue;
            }
            u.Mapping.PreviousStock = u.Mapping.LastPushedStock;
            u.Mapping.LastPushedStock = u.Amount;
            u.Mapping.MarketplaceStock = u.Amount;
            u.Mapping.LastStockSyncAt = now;
            u.Mapping.StockLastSyncedAt = now;
            u.Mapping.SyncStatus = "synced";
            u.Mapping.SyncError = null;
        }
        await db.SaveChangesAsync(CancellationToken.None);
        return new SyncWork(updates.Count, failed.Count, runError ?? Describe(updates.Select(u => u.Mapping), failed));
    }

    /// <summary>Names each failed item (our SKU and the marketplace key) with its error.</summary>
    internal static string? Describe(IEnumerable<AmazingStore.Data.Marketplaces.MarketplaceProduct> items, Dictionary<int, string> failed)
    {
        if (failed.Count == 0) return null;
        var named = items.Where(m => failed.ContainsKey(m.Id))
            .Select(m => $"{m.Product.Sku} ({m.MarketplaceSku ?? m.MarketplaceProductId}): {failed[m.Id]}");
        var text = $"{failed.Count} item(s) failed: " + string.Join("; ", named);
        return text.Length > 4000 ? text[..4000] : text;
    }
}
