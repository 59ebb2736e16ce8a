using AmazingStore.Data;
using AmazingStore.Web.Marketplaces.Connectors;
using AmazingStore.Web.Marketplaces.Pricing;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Web.Marketplaces.Sync;

/// <summary>
/// Pushes the ruled price and sale price (<see cref="PriceRules"/>) for mapped products whose price inputs
/// changed since the last push (all when full): price, sale price, or cost (the floor); a changed rule or
/// currency clears the last pushed prices, so every item goes.
/// </summary>
public sealed class PricePush(TimeProvider clock, ILogger<PricePush> log)
{
    /// <summary>
    /// Every price of the marketplace goes again with the next price run (a new rule, currency or rate). Waits for a
    /// price run in progress (its sync lock, held to this transaction's end): such a run read the old inputs and records
    /// what it pushed as pushed; were that record to land after this reset, the next run would find nothing changed and
    /// the new prices would never go. Joins the caller's transaction, or makes its own.
    /// </summary>
    public static async Task ResendAllAsync(StoreDb db, int marketplaceId, CancellationToken ct)
    {
        var own = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        await using (own)
        {
            await db.Database.ExecuteSqlRawAsync(MarketplaceSyncRunner.TransactionLockSql(marketplaceId, SyncTypes.Price), ct);
            await db.MarketplaceProducts.Where(x => x.MarketplaceId == marketplaceId)
                .ExecuteUpdateAsync(x => x.SetProperty(p => p.LastPushedPrice, (decimal?)null), ct);
            if (own is not null) await own.CommitAsync(ct);
        }
    }

    public async Task<SyncWork> RunAsync(StoreDb db, IMarketplaceConnector connector, MarketplaceContext ctx, bool full, CancellationToken ct)
    {
        var query = db.MarketplaceProducts.Where(m => m.MarketplaceId == ctx.Id && m.IsActive && m.PriceEditable);
        // The database picks the changed items (EF keeps C#'s null semantics): a run after one price
        // change reads that product's mappings, not the whole catalog.
        if (!full)
            query = query.Where(m => m.SyncStatus == "error" || m.LastPushedPrice != m.Product.Price || m.LastPushedSalePrice != m.Product.SalePrice
                || m.LastPushedCostPrice != m.Product.CostPrice);
        var mappings = await query.Include(m => m.Product).OrderBy(m => m.Id).ToListAsync(ct);
        if (mappings.Count == 0) return new SyncWork(0, 0, null);
        // Not guessed: a marketplace that does not sell in so'm and has no rate gets no prices at all.
        var (currency, refusal) = MarketplaceCurrency.For(ctx);
        if (currency is null)
        {
            log.LogWarning("{Slug}: {Error}", ctx.Slug, refusal);
            return new SyncWork(0, 0, refusal);
        }
        var rule = await db.MarketplacePriceRules.AsNoTracking().FirstOrDefaultAsync(r => r.MarketplaceId == ctx.Id, ct);
        var commission = await db.Marketplaces.Where(x => x.Id == ctx.Id).Select(x => x.DefaultCommissionRate).FirstOrDefaultAsync(ct);
        var updates = mappings.Select(m =>
        {
            var ruled = PriceRules.Compute(m.Product.Price, m.Product.SalePrice, m.Product.CostPrice, m.CommissionRate ?? commission, rule, currency, ctx.Slug);
            return new PriceUpdate(m, ruled.Price, ruled.SalePrice, currency.Code, m.Product.Price, m.Product.SalePrice, ruled.DiscountPercent);
        }).ToList();

        IReadOnlyList<ItemFailure> failures;
        string? runError = null;
        try { failures = await connector.PushPricesAsync(ctx, updates, ct); }
        catch (MarketplaceException e)
        {
            runError = e.Message;
            failures = updates.Select(u => new ItemFailure(u.Mapping.Id, e.Message)).ToList();
        }
        var failed = ItemOutcome.Of(failures);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var u in updates)
        {
            u.Mapping.LastSyncedAt = now;
            if (failed.TryGetValue(u.Mapping.Id, out var outcome))
            {
                u.Mapping.SyncStatus = outcome.Deferred ? "deferred" : "error";
                u.Mapping.SyncError = outcome.Error;
                continue;
            }
            u.Mapping.LastPushedPrice = u.StorePrice;
            u.Mapping.LastPushedSalePrice = u.StoreSalePrice;
            u.Mapping.LastPushedCostPrice = u.Mapping.Product.CostPrice;
            u.Mapping.MarketplacePrice = u.SalePrice ?? u.Price;
            u.Mapping.MarketplaceStrikethroughPrice = u.SalePrice is null ? null : u.Price;
            u.Mapping.LastPriceSyncAt = now;
            u.Mapping.SyncStatus = "synced";
            u.Mapping.SyncError = null;
        }
        await db.SaveChangesAsync(CancellationToken.None);
        return SyncWork.FromPush(updates.Count, failures, runError ?? StockPush.Describe(updates.Select(u => u.Mapping), failed), runError is not null);
    }
}
