namespace AmazingStore.Data.Inventory;

/// <summary>One line of the stock ledger. MovementType: initial, adjustment, reserve, release, ship, return, sync. Table <c>inventory_movements</c>. Times are UTC.</summary>
public class InventoryMovement
{
    public int Id { get; set; }
    public int ProductId { get; set; }
    public string MovementType { get; set; } = "";
    public int QuantityChange { get; set; }
    public int? QuantityBefore { get; set; }
    public int? QuantityAfter { get; set; }
    public int ReservedChange { get; set; }
    public int? ReservedBefore { get; set; }
    public int? ReservedAfter { get; set; }
    public string? ReferenceType { get; set; }
    public int? ReferenceId { get; set; }
    public int? MarketplaceId { get; set; }
    public string? Notes { get; set; }
    public DateTime CreatedAt { get; set; }

    public Product Product { get; set; } = null!;
    public Marketplace? Marketplace { get; set; }
}
