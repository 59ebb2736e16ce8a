namespace AmazingStore.Data.Orders;

/// <summary>
/// Hoarding caps on a customer's own orders (section <c>Orders</c>): one customer must not be able to
/// reserve the whole stock — and with it every marketplace's — in one cash order or a row of unconfirmed
/// ones. They apply to every order placed for a user (<see cref="NewOrder.UserId"/>), whatever the caller;
/// marketplace imports and admin-taken orders name no user and are not capped. 0 turns a cap off.
/// </summary>
public sealed class OrderLimits
{
    public const string Units = "units_per_order", OpenOrders = "open_orders";

    /// <summary>Units (all lines together) in one order.</summary>
    public int MaxUnitsPerOrder { get; set; } = 20;

    /// <summary>Orders a customer may have open at once: pending (not yet confirmed) and unpaid.</summary>
    public int MaxOpenOrdersPerCustomer { get; set; } = 3;

    public static readonly OrderLimits Default = new();
}
