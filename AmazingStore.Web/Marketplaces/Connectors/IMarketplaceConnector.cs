using AmazingStore.Data.Marketplaces;

namespace AmazingStore.Web.Marketplaces.Connectors;

/// <summary>One marketplace's seller API, in the store's terms.</summary>
public interface IMarketplaceConnector
{
    string Slug { get; }

    /// <summary>Largest number of stock items one request may carry.</summary>
    int StockBatchSize { get; }

    /// <summary>Sets available stock; returns the items the marketplace refused (per-item errors).</summary>
    Task<IReadOnlyList<ItemFailure>> PushStockAsync(MarketplaceContext ctx, IReadOnlyList<StockUpdate> items, CancellationToken ct);

    Task<IReadOnlyList<ItemFailure>> PushPricesAsync(MarketplaceContext ctx, IReadOnlyList<PriceUpdate> items, CancellationToken ct);

    /// <summary>Orders created or changed since <paramref name="since"/> (UTC).</summary>
    Task<IReadOnlyList<ExternalOrder>> FetchOrdersAsync(MarketplaceContext ctx, DateTime since, CancellationToken ct);

    /// <summary>Re-reads one order (used when a push says it changed); null when the marketplace does not know it.</summary>
    Task<ExternalOrder?> FetchOrderAsync(MarketplaceContext ctx, string externalId, CancellationToken ct);
}

public sealed record StockUpdate(MarketplaceProduct Mapping, string? Barcode, int Amount);

public sealed record PriceUpdate(MarketplaceProduct Mapping, decimal Price, decimal? SalePrice);

public sealed record ItemFailure(int MappingId, string Error);

/// <summary>A marketplace order, one line per item with quantities already summed.</summary>
public sealed record ExternalOrder(
    string ExternalId,
    string Status,
    string ExternalStatus,
    IReadOnlyList<ExternalOrderLine> Lines,
    string CustomerName = "",
    string CustomerPhone = "",
    string? DeliveryAddress = null,
    string? DeliveryNotes = null);

/// <summary>
/// One line; <see cref="ProductKey"/> is matched against the mapping field the marketplace names
/// its goods by (see <see cref="ExternalKeyKind"/>).
/// </summary>
public sealed record ExternalOrderLine(string ProductKey, ExternalKeyKind KeyKind, int Quantity, decimal? UnitPrice, string? ExternalSku, string? Name);

public enum ExternalKeyKind { MarketplaceProductId, MarketplaceSku, OurSku }

/// <summary>Our order statuses, to which marketplace statuses are mapped (they only move forward).</summary>
public static class StoreStatus
{
    public const string Pending = "pending";
    public const string Confirmed = "confirmed";
    public const string Shipped = "shipped";
    public const string Delivered = "delivered";
    public const string Cancelled = "cancelled";

    public static int Rank(string status) => status switch
    {
        Pending => 0, Confirmed => 1, Shipped => 2, Delivered => 3, Cancelled => 4, _ => -1,
    };
}
