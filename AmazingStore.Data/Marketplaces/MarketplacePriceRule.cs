namespace AmazingStore.Data.Marketplaces;

/// <summary>
/// How one marketplace's prices are made from ours. Table <c>marketplace_price_rules</c> (one row per
/// marketplace; none = the defaults). MarkupPercent null = the commission rate; RoundTo null = no rounding.
/// </summary>
public class MarketplacePriceRule
{
    public int MarketplaceId { get; set; }
    public decimal? MarkupPercent { get; set; }
    public decimal? RoundTo { get; set; }
    public decimal MinMarginPercent { get; set; }
    public DateTime UpdatedAt { get; set; }
}
