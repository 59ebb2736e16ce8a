using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Web.Auth;
using AmazingStore.Web.Infrastructure;
using AmazingStore.Web.Orders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Web.Admin;

/// <summary>Restock: with status "returned" only — true puts the units back into stock, false writes them off.</summary>
public sealed record OrderStatusRequest(string? Status, bool? Restock = null);

/// <summary>An order as admins see it: the customer reply plus channel, user and attention details.</summary>
public sealed record AdminOrderReply(int Id, string OrderNumber, string Source, string Status, string PaymentStatus,
    string? PaymentMethod, string CustomerName, string CustomerPhone, string? DeliveryAddress, string? DeliveryNotes,
    decimal Subtotal, decimal DeliveryFee, decimal Total, DateTime CreatedAt, IReadOnlyList<OrderItemReply> Items,
    int? UserId, string? MarketplaceOrderId, bool NeedsAttention, string? AttentionReason, string? ExternalStatus,
    IReadOnlyList<string> NextStatuses, bool CanReturn = false, int? DeliveryZoneId = null, bool Pickup = false, string? DeliveryDate = null)
{
    public static AdminOrderReply From(Order o)
    {
        var c = OrderReply.From(o);
        return new(c.Id, c.OrderNumber, c.Source, c.Status, c.PaymentStatus, c.PaymentMethod, c.CustomerName, c.CustomerPhone,
            c.DeliveryAddress, c.DeliveryNotes, c.Subtotal, c.DeliveryFee, c.Total, c.CreatedAt, c.Items,
            o.UserId, o.MarketplaceOrderId, o.NeedsAttention, o.AttentionReason, o.ExternalStatus, OrderStateMachine.Next(o.Status),
            OrderStateMachine.CanMove(o.Status, OrderStatuses.Returned), c.DeliveryZoneId, c.Pickup, c.DeliveryDate)
        { PaidAt = o.PaidAt, NeedsRefund = o.NeedsRefund };
    }

    // Payments: outside the positional list so that other additions merge.
    public DateTime? PaidAt { get; init; }
    public bool NeedsRefund { get; init; }
}

public static class AdminOrdersApi
{
    private static readonly string[] Sources = [OrderSources.App, OrderSources.Uzum, OrderSources.Wildberries, OrderSources.Ozon, OrderSources.Manual];

    public static void MapAdminOrders(this RouteGroupBuilder admin)
    {
        var api = admin.MapGroup("/orders").WithTags("Admin: orders");
        api.MapGet("/", List).WithName("AdminListOrders");
        api.MapGet("/{id:int}", Get).WithName("AdminGetOrder");
        api.MapPatch("/{id:int}", Move).WithName("AdminMoveOrder");
    }

    /// <summary>
    /// Newest first; <c>search</c> finds a fragment of the order number, the customer's name or phone,
    /// <c>flagged</c> the orders kept for a human (OrderSearch).
    /// </summary>
    private static async Task<Results<Ok<ListReply<AdminOrderReply>>, ProblemHttpResult>> List(
        string? status, string? source, string? search, bool? flagged, int? page, int? limit, StoreDb db, CancellationToken ct)
    {
        if (!Paging.TryCreate(page, limit, out var paging, out var problem)) return problem!;
        var v = new Validation();
        if (status is not null && !OrderStatuses.Known.Contains(status)) v.Add("status", "status must be one of " + string.Join(", ", OrderStatuses.Known) + ".");
        if (source is not null && !Sources.Contains(source)) v.Add("source", "source must be one of " + string.Join(", ", Sources) + ".");
        v.Text("search", search, 200);
        if (!v.Ok) return Problems.Validation(v.Errors);

        var q = OrderSearch.Matching(db, search, flagged).AsNoTracking();
        if (status is not null) q = q.Where(o => o.Status == status);
        if (source is not null) q = q.Where(o => o.Source == source);
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).Skip(paging.Offset).Take(paging.Limit)
            .Include(o => o.Items).AsSplitQuery().ToListAsync(ct);
        return TypedResults.Ok(new ListReply<AdminOrderReply>(rows.Select(AdminOrderReply.From).ToList(), paging.Page, paging.Limit, total));
    }

    private static async Task<Results<Ok<AdminOrderReply>, ProblemHttpResult>> Get(int id, StoreDb db, CancellationToken ct) =>
        await OrderWorkflow.FindAsync(db, id, ct) is { } o ? TypedResults.Ok(AdminOrderReply.From(o)) : Problems.NotFound("Order " + id);

    private static async Task<Results<Ok<AdminOrderReply>, ProblemHttpResult>> Move(
        int id, OrderStatusRequest body, Customer who, StoreDb db, CancellationToken ct)
    {
        if (body.Status is null || !OrderStatuses.Known.Contains(body.Status))
            return Problems.Validation("status", "status must be one of " + string.Join(", ", OrderStatuses.Known) + ".");
        // A return says where the units go (back to stock or written off); nothing else takes restock.
        if (body.Status == OrderStatuses.Returned && body.Restock is null)
            return Problems.Validation("restock", "restock (true: back into stock, false: written off) is required with status returned.");
        if (body.Status != OrderStatuses.Returned && body.Restock is not null)
            return Problems.Validation("restock", "restock goes with status returned only.");
        var r = await OrderWorkflow.TransitionAsync(db, id, body.Status, $"admin:{who.UserId}", ct, restock: body.Restock);
        return r.Ok ? TypedResults.Ok(AdminOrderReply.From(r.Order!)) : OrdersApi.TransitionProblem(id, r);
    }
}
