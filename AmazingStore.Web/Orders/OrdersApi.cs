using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Data.Signals;
using AmazingStore.Web.Auth;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Web.Orders;

/// <summary>The caller's orders: checkout from the cart (through OrderWorkflow), history, cancel.</summary>
public static class OrdersApi
{
    public const string OwnChannel = "amazing-store";

    public static void MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/orders").WithTags("Orders").RequireCustomer();
        api.MapPost("/", Place).WithName("PlaceOrder").RequireWriteLimit();
        api.MapGet("/", List).WithName("ListOrders");
        api.MapGet("/{id:int}", Get).WithName("GetOrder");
        api.MapPost("/{id:int}/cancel", Cancel).WithName("CancelOrder").RequireWriteLimit();
    }

    /// <summary>
    /// The whole cart becomes one order: stock reserved, cart emptied and the idempotency key recorded in one
    /// transaction. The key row is inserted first, so a concurrent request with the same key waits on it and
    /// then answers with the first order.
    /// </summary>
    private static async Task<Results<Created<OrderReply>, ProblemHttpResult>> Place(
        PlaceOrderRequest? body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        Customer who, StoreDb db, DbSignals signals, CancellationToken ct)
    {
        body ??= new PlaceOrderRequest(null, null, null, null, null);
        var errors = new Dictionary<string, string[]>();
        Check(errors, "customer_name", body.CustomerName, 255);
        Check(errors, "delivery_address", body.DeliveryAddress, 1000);
        Check(errors, "delivery_notes", body.DeliveryNotes, 1000);
        Check(errors, "payment_method", body.PaymentMethod, 50);
        body = body with { CustomerPhone = Phone.Normalize(body.CustomerPhone) };
        if (body.CustomerPhone is { } phone && !Phone.IsValid(phone)) errors["customer_phone"] = ["customer_phone " + Phone.Rule];
        if (idempotencyKey is not null && (idempotencyKey.Length is 0 or > 200))
            errors["Idempotency-Key"] = ["Idempotency-Key must be 1 to 200 characters."];
        if (errors.Count > 0) return Problems.Validation(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        // The key's claim, the cart (locked) and the profile in one round trip. The claim goes first:
        // a concurrent request with the same key waits on it and then answers with the first order.
        const string CartSql = "SELECT product_id, quantity FROM cart_items WHERE user_id = $1 ORDER BY product_id FOR UPDATE";
        const string ProfileSql = "SELECT first_name, last_name, phone FROM users WHERE id = $1";
        // Notifications (catalog, outbox) go out after the commit: see DbSignals.SendDeferredAsync.
        await using var read = idempotencyKey is null
            ? db.Batch((DbSignals.DeferSql, []), (CartSql, [who.UserId]), (ProfileSql, [who.UserId]))
            : db.Batch((DbSignals.DeferSql, []),
                       ("INSERT INTO idempotency_keys (user_id, key) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING 1", [who.UserId, idempotencyKey]),
                       (CartSql, [who.UserId]), (ProfileSql, [who.UserId]));
        var lines = new List<NewOrderLine>();
        string? firstName = null, lastName = null, profilePhone = null;
        var claimed = true;
        await using (var r = await read.ExecuteReaderAsync(ct))
        {
            if (idempotencyKey is not null)
            {
                claimed = await r.ReadAsync(ct);
                await r.NextResultAsync(ct);
            }
            while (await r.ReadAsync(ct)) lines.Add(new NewOrderLine(r.GetInt32(0), r.GetInt32(1)));
            await r.NextResultAsync(ct);
            if (await r.ReadAsync(ct))
                (firstName, lastName, profilePhone) = (r.IsDBNull(0) ? null : r.GetString(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2));
        }
        if (!claimed) return await FirstWithKeyAsync(db, tx, who.UserId, idempotencyKey!, ct);
        if (lines.Count == 0)
            return Problems.Of(StatusCodes.Status400BadRequest, "empty_cart", "The cart is empty", "Add products to the cart first.");

        var name = body.CustomerName ?? $"{firstName} {lastName}".Trim();
        var phoneNumber = body.CustomerPhone ?? profilePhone;
        if (string.IsNullOrWhiteSpace(phoneNumber))
            return Problems.Validation("customer_phone", "customer_phone is required (or set a phone in the profile).");

        var result = await OrderWorkflow.PlaceAsync(db, new NewOrder(OrderSources.App, OwnChannel, lines, name, phoneNumber,
            UserId: who.UserId, DeliveryAddress: body.DeliveryAddress, DeliveryNotes: body.DeliveryNotes,
            PaymentMethod: body.PaymentMethod), ct, callerUndoes: true);
        switch (result)
        {
            case PlaceResult.Placed placed:
                (string, object?[]) clearCart = ("DELETE FROM cart_items WHERE user_id = $1", [who.UserId]);
                (string, object?[]) pendingSql = (DbSignals.PendingSql, []);
                string? pending;
                await using (var clear = idempotencyKey is null ? db.Batch(clearCart, pendingSql) : db.Batch(clearCart,
                    ("UPDATE idempotency_keys SET order_id = $1 WHERE user_id = $2 AND key = $3", [placed.Order.Id, who.UserId, idempotencyKey]),
                    pendingSql))
                    pending = await clear.ExecuteScalarAsync(ct) as string;
                await tx.CommitAsync(ct);
                signals.SendDeferred(pending);
                return TypedResults.Created($"/api/orders/{placed.Order.Id}", OrderReply.From(placed.Order));
            case PlaceResult.OutOfStock shortage:
                await tx.RollbackAsync(ct);
                return Problems.Conflict("out_of_stock", "Some products are no longer available in the quantity asked for.",
                    [new("items", shortage.Lines.Select(s => new ShortLineReply(s.ProductId, s.Name, s.Requested, s.Available)).ToList())]);
            default:
                throw new InvalidOperationException($"Unexpected place result {result.GetType().Name} for an app order.");
        }
    }

    /// <summary>The first request with this key has committed (the claim waited for it): answer with its order.</summary>
    private static async Task<Results<Created<OrderReply>, ProblemHttpResult>> FirstWithKeyAsync(
        StoreDb db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction tx, int userId, string key, CancellationToken ct)
    {
        await tx.RollbackAsync(ct);
        var firstId = await db.IdempotencyKeys.Where(k => k.UserId == userId && k.Key == key).Select(k => k.OrderId).FirstOrDefaultAsync(ct);
        var first = firstId is null ? null : await OrderWorkflow.FindAsync(db, firstId.Value, ct);
        return first is null
            ? Problems.Conflict("idempotency_conflict", "This Idempotency-Key was used for a request that made no order.")
            : TypedResults.Created($"/api/orders/{first.Id}", OrderReply.From(first));
    }

    private static async Task<Results<Ok<ListReply<OrderReply>>, ProblemHttpResult>> List(
        int? page, int? limit, Customer who, StoreDb db, CancellationToken ct)
    {
        if (!Paging.TryCreate(page, limit, out var paging, out var problem)) return problem!;
        var query = db.Orders.AsNoTracking().Where(o => o.UserId == who.UserId);
        var total = await query.LongCountAsync(ct);
        var orders = await query.OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id)
            .Skip(paging.Offset).Take(paging.Limit).Include(o => o.Items).AsSplitQuery().ToListAsync(ct);
        return TypedResults.Ok(new ListReply<OrderReply>(orders.Select(OrderReply.From).ToList(), paging.Page, paging.Limit, total));
    }

    private static async Task<Results<Ok<OrderReply>, ProblemHttpResult>> Get(int id, Customer who, StoreDb db, CancellationToken ct)
    {
        var order = await OrderWorkflow.FindAsync(db, id, ct);
        return order is null || order.UserId != who.UserId ? Problems.NotFound("Order " + id) : TypedResults.Ok(OrderReply.From(order));
    }

    private static async Task<Results<Ok<OrderReply>, ProblemHttpResult>> Cancel(int id, Customer who, StoreDb db, CancellationToken ct)
    {
        if (!await db.Orders.AnyAsync(o => o.Id == id && o.UserId == who.UserId, ct)) return Problems.NotFound("Order " + id);
        var r = await OrderWorkflow.TransitionAsync(db, id, OrderStatuses.Cancelled, $"customer:{who.UserId}", ct);
        return r.Ok ? TypedResults.Ok(OrderReply.From(r.Order!)) : TransitionProblem(id, r);
    }

    public static ProblemHttpResult TransitionProblem(int id, TransitionResult r) => r.Error switch
    {
        "not_found" => Problems.NotFound("Order " + id),
        _ => Problems.Conflict(r.Error ?? "invalid_transition",
            $"The order is {r.Order?.Status}; it can move to: {string.Join(", ", OrderWorkflow.NextStatuses(r.Order?.Status ?? ""))}.",
            [new("status", r.Order?.Status)]),
    };

    private static void Check(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is null) return;
        if (string.IsNullOrWhiteSpace(value)) errors[field] = [$"{field} cannot be blank."];
        else if (value.Length > max) errors[field] = [$"{field} must be at most {max} characters."];
    }
}
