using AmazingStore.Web.Auth;

namespace AmazingStore.Web.Delivery;

public static class DeliveryModule
{
    public static void MapDelivery(this WebApplication app)
    {
        app.MapDeliveryApi();
        app.MapGroup("/api/admin").RequireAdmin().MapAdminDeliveryZones();
    }
}
