using AmazingStore.Data.Delivery;
using AmazingStore.Web.Infrastructure;

namespace AmazingStore.Web.Delivery;

/// <summary>A zone as the Mini App shows it at checkout, in the asked language.</summary>
public sealed record DeliveryZoneReply(int Id, string Name, decimal Fee, decimal? FreeFrom, bool IsPickup)
{
    public static DeliveryZoneReply From(DeliveryZone z, string lang) =>
        new(z.Id, Lang.Pick(lang, z.NameUz, z.NameRu) ?? z.NameUz, z.Fee, z.FreeFrom, z.IsPickup);
}

public sealed record DeliveryZoneRequest(string? NameUz, string? NameRu, decimal? Fee, decimal? FreeFrom, bool? IsPickup, bool? IsActive, int? SortOrder);

public sealed record AdminDeliveryZoneReply(int Id, string NameUz, string? NameRu, decimal Fee, decimal? FreeFrom, bool IsPickup,
    bool IsActive, int SortOrder, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static AdminDeliveryZoneReply From(DeliveryZone z) =>
        new(z.Id, z.NameUz, z.NameRu, z.Fee, z.FreeFrom, z.IsPickup, z.IsActive, z.SortOrder, z.CreatedAt, z.UpdatedAt);
}
