using AmazingStore.Data.Orders;

namespace AmazingStore.Web.Orders;

public static class OrdersModule
{
    /// <summary>The hoarding caps from the <c>Orders</c> section (<see cref="OrderLimits"/>).</summary>
    public static void AddOrders(this WebApplicationBuilder builder) =>
        builder.Services.Configure<OrderLimits>(builder.Configuration.GetSection("Orders"));

    public static void MapOrders(this WebApplication app) => app.MapOrdersApi();
}
