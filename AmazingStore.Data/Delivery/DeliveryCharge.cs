namespace AmazingStore.Data.Delivery;

/// <summary>
/// The delivery an order was placed for and the rule of its fee, which the order workflow applies to the
/// subtotal it computes from current prices (so the fee is never taken from the client). ZoneId null =
/// pickup without a pickup zone defined (free).
/// </summary>
public sealed record DeliveryCharge(int? ZoneId, decimal Fee, decimal? FreeFrom, bool IsPickup, DateTime? Date = null)
{
    /// <summary>The fee for an order of this subtotal: waived from <see cref="FreeFrom"/> on.</summary>
    public decimal FeeFor(decimal subtotal) => FreeFrom is { } from && subtotal >= from ? 0 : Fee;

    public static DeliveryCharge Of(DeliveryZone z, DateTime? date) => new(z.Id, z.Fee, z.FreeFrom, z.IsPickup, date);
}
