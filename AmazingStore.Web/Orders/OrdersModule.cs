namespace AmazingStore.Web.Orders;

public static class OrdersModule
{
    public static void AddOrders(this WebApplicationBuilder builder) { _ = builder; }

    public static void MapOrders(this WebApplication app) => app.MapOrdersApi();
}
