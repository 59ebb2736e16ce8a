using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Web.Auth;
using AmazingStore.Web.Infrastructure;
using AmazingStore.Web.Orders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Web.Admin;

public sealed record OrderStatusRequest(string? Status);

/// <summary>An order as admins see it: the customer reply plus channel, user and attention details.</summary>
public sealed record AdminOrderReply(int Id, string OrderNumber, string Source, string Status, string PaymentStatus,
    string? PaymentMethod, string CustomerName, string CustomerPhone, string? DeliveryAddress, string? DeliveryNotes,
    decimal Subtotal, decimal DeliveryFee, decimal Total, DateTime CreatedAt, IReadOnlyList<OrderItemReply> Items,
    int? UserId, string? MarketplaceOrderId, bool NeedsAttention, string? AttentionReason, string? ExternalStatus,
    IReadOnlyList<string> NextStatuses)
{
    public static AdminOrderReply From(Order o)
    {
        var c = OrderReply.From(o);
        return new(c.Id, c.OrderNumber, c.Source, c.Status, c.PaymentStatus, c.PaymentMethod, c.CustomerName, c.CustomerPhone,
            c.DeliveryAddress, c.DeliveryNotes, c.Subtotal, c.DeliveryFee, c.Total, c.CreatedAt, c.Items,
            o.UserId, o.MarketplaceOrderId, o.NeedsAttention, o.AttentionReason, o.ExternalStatus, OrderStateMachine.Next(o.Status))
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

    private static async Task<Results<Ok<ListReply<AdminOrderReply>>, ProblemHttpResult>> List(
        string? status, string? source, int? page, int? limit, StoreDb db, CancellationToken ct)
    {
        if (!Paging.TryCreate(page, limit, out var paging, out var problem)) return problem!;
        var v = new Validation();
        if (status is not null && !OrderStatuses.All.Contains(status)) v.Add("status", "status must be one of " + string.Join(", ", OrderStatuses.All) + ".");
        if (source is not null && !Sources.Contains(source)) v.Add("source", "source must be one of " + string.Join(", ", Sources) + ".");
        if (!v.Ok) return Problems.Validation(v.Errors);

        var q = db.Orders.AsNoTracking();
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
        if (body.Status is null || !OrderStatuses.All.Contains(body.Status))
            return Problems.Validation("status", "status must be one of " + string.Join(", ", OrderStatuses.All) + ".");
        var r = await OrderWorkflow.TransitionAsync(db, id, body.Status, $"admin:{who.UserId}", ct);
        return r.Ok ? TypedResults.Ok(AdminOrderReply.From(r.Order!)) : OrdersApi.TransitionProblem(id, r);
    }
}
