namespace AmazingStore.Web.Orders;

public static class OrdersModule
{
    public static void MapOrders(this WebApplication app) => app.MapOrdersApi();
}
