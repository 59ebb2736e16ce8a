namespace AmazingStore.Data.Inventory;

/// <summary>Stock of one product: Quantity on hand, ReservedQuantity in unshipped orders, Available (the database computes it: the one definition, migration 0053). Table <c>inventory</c>. Times are UTC.</summary>
public class InventoryItem
{
    public int Id { get; set; }
    public int ProductId { get; set; }
    public int Quantity { get; set; }
    public int ReservedQuantity { get; set; }
    public int Available { get; private set; }
    public DateTime? LastUpdatedAt { get; set; }
    public DateTime CreatedAt { get; set; }

    public Product Product { get; set; } = null!;
}
