namespace AmazingStore.Data.Orders;

/// <summary>An order line with name, SKU and price snapshots (always filled). Table <c>order_items</c>. Times are UTC.</summary>
public class OrderItem
{
    public int Id { get; set; }
    public int OrderId { get; set; }
    public int? ProductId { get; set; }
    public string ProductName { get; set; } = "";
    public string ProductSku { get; set; } = "";
    public string? MarketplaceProductId { get; set; }
    public string? ExternalSku { get; set; }
    public decimal Price { get; set; }
    public decimal? CostPrice { get; set; }
    public int Quantity { get; set; }
    public decimal Subtotal { get; set; }
    public decimal? Profit { get; set; }
    public DateTime CreatedAt { get; set; }

    public Order Order { get; set; } = null!;
    public Product? Product { get; set; }
}
