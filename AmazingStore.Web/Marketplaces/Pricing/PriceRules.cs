using AmazingStore.Data.Marketplaces;

namespace AmazingStore.Web.Marketplaces.Pricing;

/// <summary>A marketplace's price rule with its defaults filled in. MarkupSource: "fixed", "commission" or "none".</summary>
public sealed record EffectiveRule(decimal MarkupPercent, string MarkupSource, decimal? RoundTo, decimal MinMarginPercent);

/// <summary>
/// The price one marketplace is sent for one product: in so'm after the rule, and in the marketplace's
/// currency exactly as it goes out (the connectors send these figures as they are, the preview shows them).
/// FloorUzs is cost × (1 + minimum margin), null without a cost; AtFloor says the floor lifted the price (or
/// the sale price). SalePrice is null when there is no sale below the price. Wildberries takes a price in whole
/// units and a whole-percent DiscountPercent (null elsewhere); its SalePrice is what a buyer pays after it.
/// </summary>
public sealed record RuledPrice(decimal PriceUzs, decimal? SalePriceUzs, decimal? FloorUzs, bool AtFloor,
    decimal Price, decimal? SalePrice, string Currency, int? DiscountPercent = null);

/// <summary>
/// The one computation of marketplace prices (issue 19 item 5): the price push and the admin preview both
/// call <see cref="Compute"/>, so what the owner previews is what the marketplace gets.
/// Price and sale price each get the markup, then rounding to the rule's step (half away from zero), and
/// are then lifted to the floor: cost × (1 + min margin), rounded UP to the step and, once converted, up to
/// what the currency and marketplace take, so that no rounding can take a price under it.
/// </summary>
public static class PriceRules
{
    public static EffectiveRule Effective(MarketplacePriceRule? rule, decimal? commissionRate) =>
        new(rule?.MarkupPercent ?? commissionRate ?? 0m,
            rule?.MarkupPercent is not null ? "fixed" : commissionRate is not null ? "commission" : "none",
            rule?.RoundTo, rule?.MinMarginPercent ?? 0m);

    /// <param name="commissionRate">The mapping's commission rate, else the marketplace's default (the markup when the rule names none).</param>
    public static RuledPrice Compute(decimal price, decimal? salePrice, decimal? costPrice, decimal? commissionRate,
        MarketplacePriceRule? rule, MarketplaceCurrency currency, string slug)
    {
        var r = Effective(rule, commissionRate);
        decimal Ruled(decimal uzs) => Step(uzs * (1 + r.MarkupPercent / 100m), r.RoundTo, up: false);
        decimal? floor = costPrice is { } cost ? Step(cost * (1 + r.MinMarginPercent / 100m), r.RoundTo, up: true) : null;

        var priceUzs = Ruled(price);
        decimal? saleUzs = salePrice is { } sale ? Ruled(sale) : null;
        var atFloor = false;
        decimal? floorOut = null;
        if (floor is { } f)
        {
            if (priceUzs < f) { priceUzs = f; atFloor = true; }
            if (saleUzs < f) { saleUzs = f; atFloor = true; }
            floorOut = currency.CeilingFromUzs(f, MarketplaceCurrency.WholeUnits(slug));
        }
        var whole = MarketplaceCurrency.WholeUnits(slug);
        var sent = Max(currency.FromUzs(priceUzs, whole), floorOut);
        decimal? sentSale = saleUzs is { } s ? Max(currency.FromUzs(s, whole), floorOut) : null;
        // A "sale" the rounding or the floor brought up to the price is none: no marketplace is sent one.
        if (sentSale >= sent) sentSale = null;
        if (slug != Wildberries) return new RuledPrice(priceUzs, saleUzs, floor, atFloor, sent, sentSale, currency.Code);
        var discount = WholePercentOff(sent, sentSale);
        return new RuledPrice(priceUzs, saleUzs, floor, atFloor, sent, discount > 0 ? sent * (100 - discount) / 100m : null, currency.Code, discount);
    }

    private const string Wildberries = "wildberries";

    /// <summary>
    /// Wildberries takes a sale as a whole-percent discount off the price: rounded down, so that what a buyer
    /// pays never falls under the sale price (nor, therefore, under the margin floor). 0 to 99.
    /// </summary>
    public static int WholePercentOff(decimal price, decimal? salePrice) =>
        salePrice is { } sale && price > 0 && sale < price ? Math.Clamp((int)Math.Floor((1 - sale / price) * 100), 0, 99) : 0;

    private static decimal Max(decimal value, decimal? floor) => floor is { } f && value < f ? f : value;

    /// <summary>To a multiple of <paramref name="step"/> (to the tiyin without one); up for a floor, else half away from zero.</summary>
    private static decimal Step(decimal value, decimal? step, bool up)
    {
        var s = step is > 0 ? step.Value : 0.01m;
        var units = value / s;
        return (up ? Math.Ceiling(units) : Math.Round(units, MidpointRounding.AwayFromZero)) * s;
    }
}
