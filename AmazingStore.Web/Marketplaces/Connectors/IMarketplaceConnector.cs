using AmazingStore.Data.Orders;
using AmazingStore.Data.Marketplaces;

namespace AmazingStore.Web.Marketplaces.Connectors;

/// <summary>One marketplace's seller API, in the store's terms.</summary>
public interface IMarketplaceConnector
{
    string Slug { get; }

    /// <summary>Largest number of stock items one request may carry.</summary>
    int StockBatchSize { get; }

    /// <summary>
    /// How many open orders one run hands to <see cref="RefreshOrdersAsync"/> (taken least recently
    /// re-read first): what the marketplace's limits allow per run without starving its other calls.
    /// </summary>
    int RefreshBatchSize { get; }

    /// <summary>Sets available stock; returns the items the marketplace refused (per-item errors).</summary>
    Task<IReadOnlyList<ItemFailure>> PushStockAsync(MarketplaceContext ctx, IReadOnlyList<StockUpdate> items, CancellationToken ct);

    Task<IReadOnlyList<ItemFailure>> PushPricesAsync(MarketplaceContext ctx, IReadOnlyList<PriceUpdate> items, CancellationToken ct);

    /// <summary>Orders created or changed since <paramref name="since"/> (UTC).</summary>
    Task<IReadOnlyList<ExternalOrder>> FetchOrdersAsync(MarketplaceContext ctx, DateTime since, CancellationToken ct);

    /// <summary>Re-reads one order (used when a push says it changed); null when the marketplace does not know it.</summary>
    Task<ExternalOrder?> FetchOrderAsync(MarketplaceContext ctx, string externalId, CancellationToken ct);

    /// <summary>
    /// Re-reads orders we still hold open, whatever their age, so that late cancellations, returns and
    /// deliveries reach us. The connector batches within its API's limits; an order the marketplace does
    /// not return is left out (it is asked again next run).
    /// </summary>
    Task<IReadOnlyList<ExternalOrder>> RefreshOrdersAsync(MarketplaceContext ctx, IReadOnlyList<OpenOrder> open, CancellationToken ct);

    /// <summary>The marketplace's own product list (every SKU / size / offer), for mapping discovery.</summary>
    Task<IReadOnlyList<CatalogListing>> ListCatalogAsync(MarketplaceContext ctx, CancellationToken ct);
}

/// <summary>An order we hold open (not delivered, not cancelled): its id, when we created it, and the marketplace's ids under it.</summary>
public sealed record OpenOrder(string ExternalId, DateTime CreatedAt, IReadOnlyList<string> Refs);

/// <summary>
/// One sellable unit of the marketplace's catalog, under the keys a mapping takes
/// (marketplace_product_id, marketplace_sku), with what it can be matched to ours by.
/// </summary>
public sealed record CatalogListing(
    string MarketplaceProductId,
    string? MarketplaceSku,
    string? VendorCode,
    IReadOnlyList<string> Barcodes,
    string? Name);

public sealed record StockUpdate(MarketplaceProduct Mapping, string? Barcode, int Amount);

/// <summary>
/// A price as the marketplace is sent it: <see cref="Price"/> and <see cref="SalePrice"/> already converted
/// into <see cref="Currency"/> and rounded (see MarketplaceCurrency); <see cref="StorePrice"/> and
/// <see cref="StoreSalePrice"/> are ours in so'm, recorded as what was last pushed.
/// </summary>
public sealed record PriceUpdate(MarketplaceProduct Mapping, decimal Price, decimal? SalePrice, string Currency, decimal StorePrice, decimal? StoreSalePrice,
    int? DiscountPercent = null);

/// <summary>An item the marketplace did not take; <see cref="Kind"/> says whether sending it again soon can help.</summary>
public sealed record ItemFailure(int MappingId, string Error, ItemFailureKind Kind = ItemFailureKind.Refused);

public enum ItemFailureKind
{
    /// <summary>Refused until something changes (unknown key, invalid value): sent again with the next change or scheduled run.</summary>
    Refused,
    /// <summary>Refused only by the marketplace's per-item rate limit (OZON: one stock change per pair per 30 s): worth sending once that has passed.</summary>
    Cooldown,
}

/// <summary>A marketplace order, one line per item with quantities already summed.</summary>
public sealed record ExternalOrder(
    string ExternalId,
    string Status,
    string ExternalStatus,
    IReadOnlyList<ExternalOrderLine> Lines,
    string CustomerName = "",
    string CustomerPhone = "",
    string? DeliveryAddress = null,
    string? DeliveryNotes = null,
    IReadOnlyList<string>? Refs = null);

/// <summary>
/// One line; <see cref="ProductKey"/> is matched against the mapping field the marketplace names
/// its goods by (see <see cref="ExternalKeyKind"/>).
/// </summary>
public sealed record ExternalOrderLine(string ProductKey, ExternalKeyKind KeyKind, int Quantity, decimal? UnitPrice, string? ExternalSku, string? Name);

public enum ExternalKeyKind { MarketplaceProductId, MarketplaceSku, OurSku }

/// <summary>Our order statuses, to which marketplace statuses are mapped: the names and order of <see cref="OrderStatuses"/>.</summary>
public static class StoreStatus
{
    public const string Pending = OrderStatuses.Pending;
    public const string Confirmed = OrderStatuses.Confirmed;
    public const string Shipped = OrderStatuses.Shipped;
    public const string Delivered = OrderStatuses.Delivered;
    public const string Cancelled = OrderStatuses.Cancelled;

    public static int Rank(string status) => OrderStateMachine.Rank(status);
}
