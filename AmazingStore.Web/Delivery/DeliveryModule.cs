using AmazingStore.Data.Delivery;
using AmazingStore.Web.Auth;

namespace AmazingStore.Web.Delivery;

public static class DeliveryModule
{
    public static void AddDelivery(this WebApplicationBuilder builder) => builder.Services.AddSingleton<DeliveryZoneCache>();

    public static void MapDelivery(this WebApplication app)
    {
        app.MapDeliveryApi();
        app.MapGroup("/api/admin").RequireAdmin().MapAdminDeliveryZones();
    }
}
