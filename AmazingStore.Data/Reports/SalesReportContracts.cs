namespace AmazingStore.Data.Reports;

/// <summary>The API's sales report ("Owner's cockpit" in API.md) plus stock value and slow movers.</summary>
public sealed record SalesReport(DateOnly From, DateOnly To, SalesTotal Total, IReadOnlyList<ChannelSales> ByChannel,
    IReadOnlyList<DaySales> ByDay, IReadOnlyList<ProductSales> TopProducts, StockValue StockValue, IReadOnlyList<SlowMover> SlowMovers);

/// <summary>Cancelled (and returned) orders are left out of every figure but their own counts.</summary>
public sealed record SalesTotal(int Orders, int Units, decimal Revenue, decimal Profit, decimal AverageOrder, int Cancelled, int Returned);

/// <summary><c>channel</c> is the marketplace slug; the own store is <c>amazing-store</c>.</summary>
public sealed record ChannelSales(string Channel, int Orders, int Units, decimal Revenue, decimal Profit);

/// <summary>One Tashkent date; every date of the range is listed, days without sales with zeros.
/// <c>channels</c> splits revenue per channel (the dashboard's stacked chart).</summary>
public sealed record DaySales(DateOnly Date, int Orders, decimal Revenue, decimal Profit, IReadOnlyDictionary<string, decimal> Channels);

public sealed record ProductSales(int? ProductId, string Sku, string Name, int Units, decimal Revenue, decimal Profit);

/// <summary>On-hand stock valued at today's cost price (products without a cost are counted apart).</summary>
public sealed record StockValue(decimal AtCost, int Units, int ProductsWithoutCost);

/// <summary>A product with stock on hand that sold least in the range: the money tied up in it first.</summary>
public sealed record SlowMover(int ProductId, string Sku, string Name, int Stock, decimal StockValue, int UnitsSold);
