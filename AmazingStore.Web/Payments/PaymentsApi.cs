using AmazingStore.Bot.Payments;
using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Data.Payments;
using AmazingStore.Web.Admin;
using AmazingStore.Web.Auth;
using AmazingStore.Web.Infrastructure;
using AmazingStore.Web.Orders;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Payments;

public sealed record PaymentMethodsReply(IReadOnlyList<string> Methods, decimal? UzsPerStar);

public sealed record InvoiceLinkReply(string InvoiceLink);

public sealed record RefundRequest(string? Reason);

/// <summary>
/// Payments: the methods on offer (public, for the Mini App's checkout), a fresh invoice link for the caller's
/// unpaid order, and the admin's refund. Money moves only through <see cref="PaymentWorkflow"/>.
/// </summary>
public static class PaymentsApi
{
    public static void MapPaymentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/payment-methods", Methods).WithTags("Payments").WithName("ListPaymentMethods");
        var customer = app.MapGroup("/api/orders").WithTags("Payments").RequireCustomer();
        customer.MapPost("/{id:int}/invoice", Invoice).WithName("OrderInvoice").RequireWriteLimit();
        var admin = app.MapGroup("/api/admin/orders").WithTags("Admin: payments").RequireAdmin();
        admin.MapPost("/{id:int}/refund", Refund).WithName("AdminRefundOrder");
    }

    private static Ok<PaymentMethodsReply> Methods(PaymentMethodCatalog catalog, IOptions<PaymentOptions> options)
    {
        var methods = catalog.Available;
        return TypedResults.Ok(new PaymentMethodsReply(methods, methods.Contains(PaymentMethods.Stars) ? options.Value.UzsPerStar : null));
    }

    /// <summary>A fresh link for the caller's card/Stars order while it is pending and unpaid (the old link's payload stays valid).</summary>
    private static async Task<Results<Ok<InvoiceLinkReply>, ProblemHttpResult>> Invoice(int id, Customer who, StoreDb db, InvoiceLinks links, CancellationToken ct)
    {
        var order = await OrderWorkflow.FindAsync(db, id, ct);
        if (order is null || order.UserId != who.UserId) return Problems.NotFound("Order " + id);
        return await links.CreateAsync(db, order, ct) switch
        {
            InvoiceLinkResult.Link link => TypedResults.Ok(new InvoiceLinkReply(link.Url)),
            InvoiceLinkResult.Unavailable => InvoiceUnavailable(),
            _ => Problems.Conflict("invalid_transition",
                $"Order {order.OrderNumber} is {order.Status}, payment {order.PaymentStatus}, method {order.PaymentMethod ?? PaymentMethods.Cash}: there is nothing to pay online.",
                [new("status", order.Status), new("payment_status", order.PaymentStatus)]),
        };
    }

    private static ProblemHttpResult InvoiceUnavailable() =>
        Problems.Of(StatusCodes.Status503ServiceUnavailable, "invoice_unavailable", "No invoice right now",
            "Telegram did not issue the invoice. The order is kept; ask again with POST /api/orders/{id}/invoice.");

    private static async Task<Results<Ok<AdminOrderReply>, ProblemHttpResult>> Refund(int id, RefundRequest? body, Customer who,
        PaymentRefunds refunds, CancellationToken ct)
    {
        if (body?.Reason is { Length: > 1000 }) return Problems.Validation("reason", "reason must be at most 1000 characters.");
        return await refunds.RefundAsync(id, $"admin {who.TelegramId}", body?.Reason, ct) switch
        {
            RefundResult.Refunded r => TypedResults.Ok(AdminOrderReply.From(r.Order)),
            RefundResult.NotFound => Problems.NotFound("Order " + id),
            RefundResult.NotRefundable n => Problems.Conflict("invalid_transition",
                $"Payment status is {n.PaymentStatus}: only a paid order (or money flagged for refund) can be refunded.",
                [new("payment_status", n.PaymentStatus)]),
            RefundResult.Failed f => Problems.Of(StatusCodes.Status502BadGateway, "refund_failed", "Telegram did not refund",
                $"{f.Message} ({f.Done} payment(s) refunded before this one are recorded). Try again."),
            _ => throw new InvalidOperationException("Unexpected refund result."),
        };
    }

    /// <summary>For checkout: refuses a method that is unknown or not configured (400 payment_method_unavailable).</summary>
    public static ProblemHttpResult? CheckMethod(HttpContext http, string method)
    {
        var catalog = http.RequestServices.GetRequiredService<PaymentMethodCatalog>();
        return catalog.IsAvailable(method) ? null
            : Problems.Of(StatusCodes.Status400BadRequest, "payment_method_unavailable", "Payment method not available",
                $"payment_method '{method}' is not offered here; use one of: {string.Join(", ", catalog.Available)}.",
                [new("available", catalog.Available)]);
    }

    /// <summary>
    /// The checkout's 201 reply (also a replay of its Idempotency-Key): a card/Stars order still to be paid carries its invoice link. When Telegram gives none, the order
    /// stays as placed (stock reserved, unpaid) and the reply says invoice_unavailable instead; the Mini App asks
    /// again with POST /api/orders/{id}/invoice, and an order never paid expires like any other.
    /// </summary>
    public static async Task<OrderReply> ReplyWithInvoiceAsync(HttpContext http, Order order, CancellationToken ct)
    {
        var reply = OrderReply.From(order);
        if (!PaymentMethods.IsOnline(order.PaymentMethod)) return reply;
        var services = http.RequestServices;
        var result = await services.GetRequiredService<InvoiceLinks>().CreateAsync(services.GetRequiredService<StoreDb>(), order, ct);
        return result switch
        {
            InvoiceLinkResult.Link link => reply with { InvoiceLink = link.Url },
            // Paid, cancelled or otherwise past paying (an idempotent replay of an old checkout): nothing to pay, no link.
            InvoiceLinkResult.NotPayable => reply,
            _ => reply with { InvoiceError = "invoice_unavailable" },
        };
    }
}
