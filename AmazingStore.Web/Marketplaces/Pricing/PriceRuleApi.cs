using AmazingStore.Data;
using AmazingStore.Data.Marketplaces;
using AmazingStore.Data.Outbox;
using AmazingStore.Web.Admin;
using AmazingStore.Web.Auth;
using AmazingStore.Web.Infrastructure;
using AmazingStore.Web.Marketplaces.Connectors;
using AmazingStore.Web.Marketplaces.Sync;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Web.Marketplaces.Pricing;

/// <summary>PUT body. markup_percent null = the commission rate; round_to null = no rounding; commission_rate sets the marketplace's default.</summary>
public sealed record PriceRuleRequest(decimal? MarkupPercent, decimal? RoundTo, decimal? MinMarginPercent, decimal? CommissionRate);

/// <summary>The rule in force: markup_percent is the effective one, markup_source says where it comes from (fixed, commission, none).</summary>
public sealed record PriceRuleReply(string Marketplace, decimal MarkupPercent, string MarkupSource, decimal? FixedMarkupPercent,
    decimal? CommissionRate, decimal? RoundTo, decimal MinMarginPercent, string? Currency, string? CurrencyError);

/// <summary>
/// One product's price on one marketplace: ours, the floor, and what the marketplace is sent (null while prices cannot
/// be sent) — the very figures of <see cref="RuledPrice"/> the push sends: Wildberries' price in whole units with its
/// whole-percent discount (marketplace_sale_price is then what a buyer pays after it).
/// </summary>
public sealed record PricePreview(int ProductId, string Sku, string Name, bool Mapped, decimal Price, decimal? SalePrice, decimal? CostPrice,
    decimal? CommissionRate, decimal MarkupPercent, decimal? RuledPrice, decimal? RuledSalePrice, decimal? Floor, bool AtFloor,
    decimal? MarketplacePrice, decimal? MarketplaceSalePrice, string? Currency, int? MarketplaceDiscountPercent = null);

/// <summary>
/// Price rules per marketplace (issue 19 item 5) and the preview of what each product is sent, computed by
/// <see cref="PriceRules.Compute"/> exactly as the price push computes it.
/// </summary>
public static class PriceRuleApi
{
    private const int PreviewLimit = 100;

    public static void MapPriceRules(this RouteGroupBuilder admin)
    {
        admin.MapGet("/marketplaces/{slug}/price-rule", Get).WithName("AdminGetPriceRule");
        admin.MapPut("/marketplaces/{slug}/price-rule", Put).WithName("AdminPutPriceRule");
        admin.MapGet("/marketplaces/{slug}/prices", Preview).WithName("AdminPreviewPrices");
    }

    private static async Task<(Marketplace? Row, MarketplacePriceRule? Rule)> LoadAsync(StoreDb db, string slug, CancellationToken ct)
    {
        if (!MarketplaceContextLoader.ApiSlugs.Contains(slug)) return (null, null);
        var m = await db.Marketplaces.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct);
        if (m is null) return (null, null);
        return (m, await db.MarketplacePriceRules.AsNoTracking().FirstOrDefaultAsync(r => r.MarketplaceId == m.Id, ct));
    }

    private static PriceRuleReply Reply(Marketplace m, MarketplacePriceRule? rule)
    {
        var e = PriceRules.Effective(rule, m.DefaultCommissionRate);
        var (currency, error) = MarketplaceCurrency.For(m.Slug, MarketplaceContext.ParseSettings(m.Settings));
        return new PriceRuleReply(m.Slug, e.MarkupPercent, e.MarkupSource, rule?.MarkupPercent, m.DefaultCommissionRate, e.RoundTo,
            e.MinMarginPercent, currency?.Code, error);
    }

    private static async Task<Results<Ok<PriceRuleReply>, ProblemHttpResult>> Get(string slug, StoreDb db, CancellationToken ct)
    {
        var (m, rule) = await LoadAsync(db, slug, ct);
        return m is null ? Problems.NotFound("This marketplace") : TypedResults.Ok(Reply(m, rule));
    }

    /// <summary>Replaces the rule; every price the marketplace shows is then sent again (the push is queued now).</summary>
    private static async Task<Results<Ok<PriceRuleReply>, ProblemHttpResult>> Put(string slug, PriceRuleRequest? body, StoreDb db, CancellationToken ct)
    {
        if (body is null) return Problems.Validation("body", "Send the rule as JSON.");
        var v = new Validation();
        Percent(v, "markup_percent", body.MarkupPercent, -99.99m, 1000m);
        Percent(v, "min_margin_percent", body.MinMarginPercent, 0m, 1000m);
        Percent(v, "commission_rate", body.CommissionRate, 0m, 999.99m);
        if (body.RoundTo is { } step && (step <= 0 || step > 1_000_000m || decimal.Round(step, 2) != step))
            v.Add("round_to", "round_to must be a positive step of so'm up to 1000000 with at most 2 decimals (e.g. 100), or null.");
        if (!v.Ok) return Problems.Validation(v.Errors);
        var (m, _) = await LoadAsync(db, slug, ct);
        if (m is null) return Problems.NotFound("This marketplace");

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var rule = await db.MarketplacePriceRules.FirstOrDefaultAsync(r => r.MarketplaceId == m.Id, ct);
        if (rule is null) db.MarketplacePriceRules.Add(rule = new MarketplacePriceRule { MarketplaceId = m.Id });
        rule.MarkupPercent = body.MarkupPercent;
        rule.RoundTo = body.RoundTo;
        rule.MinMarginPercent = body.MinMarginPercent ?? 0m;
        rule.UpdatedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(ct);
        if (body.CommissionRate is not null)
            await db.Marketplaces.Where(x => x.Id == m.Id).ExecuteUpdateAsync(x => x.SetProperty(p => p.DefaultCommissionRate, body.CommissionRate), ct);
        // What was pushed was ruled by the old rule: the next price run sends every item again.
        await PricePush.ResendAllAsync(db, m.Id, ct);
        await OutboxWriter.EnqueueAsync(db, OutboxTypes.MarketplacePricePush, "{\"product_ids\":[]}", null, ct);
        await tx.CommitAsync(ct);
        var (fresh, freshRule) = await LoadAsync(db, slug, ct);
        return TypedResults.Ok(Reply(fresh!, freshRule));
    }

    private static async Task<Results<Ok<ItemsReply<PricePreview>>, ProblemHttpResult>> Preview(
        string slug, [FromQuery(Name = "product_id")] int? productId, StoreDb db, CancellationToken ct)
    {
        var (m, rule) = await LoadAsync(db, slug, ct);
        if (m is null) return Problems.NotFound("This marketplace");
        var (currency, _) = MarketplaceCurrency.For(m.Slug, MarketplaceContext.ParseSettings(m.Settings));
        var mappings = db.MarketplaceProducts.AsNoTracking().Where(x => x.MarketplaceId == m.Id);
        var products = db.Products.AsNoTracking();
        products = productId is { } id ? products.Where(p => p.Id == id) : products.Where(p => mappings.Any(x => x.ProductId == p.Id));
        var rows = await products.OrderBy(p => p.Id).Take(PreviewLimit)
            .Select(p => new { p.Id, p.Sku, p.NameUz, p.Price, p.SalePrice, p.CostPrice, Mapping = mappings.FirstOrDefault(x => x.ProductId == p.Id) })
            .ToListAsync(ct);
        if (productId is not null && rows.Count == 0) return Problems.NotFound("Product " + productId);
        var items = rows.Select(p =>
        {
            var commission = p.Mapping?.CommissionRate ?? m.DefaultCommissionRate;
            var markup = PriceRules.Effective(rule, commission).MarkupPercent;
            // Without a usable currency nothing is sent; the so'm figures still show what the rule makes.
            var ruled = PriceRules.Compute(p.Price, p.SalePrice, p.CostPrice, commission, rule, currency ?? new MarketplaceCurrency(MarketplaceCurrency.Uzs, 1m), m.Slug);
            return new PricePreview(p.Id, p.Sku, p.NameUz, p.Mapping is not null, p.Price, p.SalePrice, p.CostPrice, commission, markup,
                ruled.PriceUzs, ruled.SalePriceUzs, ruled.FloorUzs, ruled.AtFloor,
                currency is null ? null : ruled.Price, currency is null ? null : ruled.SalePrice, currency?.Code,
                currency is null ? null : ruled.DiscountPercent);
        }).ToList();
        return TypedResults.Ok(new ItemsReply<PricePreview>(items));
    }

    private static void Percent(Validation v, string field, decimal? value, decimal min, decimal max)
    {
        if (value is { } p && (p < min || p > max || decimal.Round(p, 2) != p))
            v.Add(field, $"{field} must be from {min} to {max} with at most 2 decimals.");
    }
}
