namespace AmazingStore.Data.Delivery;

/// <summary>
/// Where an app order can go and what that costs: a fee, waived from <see cref="FreeFrom"/> (the order's
/// subtotal) on; a pickup point is a zone too (usually fee 0). Table <c>delivery_zones</c>. Times are UTC.
/// </summary>
public class DeliveryZone
{
    public int Id { get; set; }
    public string NameUz { get; set; } = "";
    public string? NameRu { get; set; }
    public decimal Fee { get; set; }
    public decimal? FreeFrom { get; set; }
    public bool IsPickup { get; set; }
    public bool IsActive { get; set; } = true;
    public int SortOrder { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
