using AmazingStore.Data;
using AmazingStore.Data.Delivery;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AmazingStore.Web.Delivery;

/// <summary>The active delivery zones and pickup points, for checkout (no auth). Fees are applied by the server at checkout.</summary>
public static class DeliveryApi
{
    public static void MapDeliveryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/delivery-zones").WithTags("Delivery");
        api.MapGet("/", List).WithName("ListDeliveryZones");
    }

    private static async Task<Results<Ok<ItemsReply<DeliveryZoneReply>>, ProblemHttpResult>> List(string? lang, StoreDb db, CancellationToken ct)
    {
        if (!Lang.TryParse(lang, out var l)) return Lang.Invalid();
        var zones = await DeliveryZones.ActiveAsync(db, ct);
        return TypedResults.Ok(new ItemsReply<DeliveryZoneReply>(zones.Select(z => DeliveryZoneReply.From(z, l)).ToList()));
    }
}
