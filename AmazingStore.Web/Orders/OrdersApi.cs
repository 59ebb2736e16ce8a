using AmazingStore.Data;
using AmazingStore.Data.Delivery;
using AmazingStore.Data.Orders;
using AmazingStore.Data.Signals;
using AmazingStore.Web.Auth;
using AmazingStore.Web.Delivery;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Web.Orders;

/// <summary>The caller's orders: checkout from the cart (through OrderWorkflow), history, cancel.</summary>
public static class OrdersApi
{
    public static void MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/orders").WithTags("Orders").RequireCustomer();
        api.MapPost("/", Place).WithName("PlaceOrder").RequireOrderLimit();
        api.MapGet("/", List).WithName("ListOrders");
        api.MapGet("/{id:int}", Get).WithName("GetOrder");
        api.MapPost("/{id:int}/cancel", Cancel).WithName("CancelOrder").RequireWriteLimit();
    }

    /// <summary>
    /// The whole cart becomes one order: stock reserved, cart emptied and the idempotency key recorded in one
    /// transaction (CartCheckout). A request repeating a key answers with the key's first order.
    /// </summary>
    private static async Task<Results<Created<OrderReply>, ProblemHttpResult>> Place(
        PlaceOrderRequest? body, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        Customer who, NpgsqlDataSource dataSource, DbSignals signals, IOptionsMonitor<OrderLimits> limits, HttpContext http, CancellationToken ct)
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
        DateTime? deliveryDate = null;
        if (body.DeliveryDate is not null && !DeliveryDates.TryParse(body.DeliveryDate, DateTime.UtcNow, out deliveryDate))
            errors["delivery_date"] = ["delivery_date " + DeliveryDates.Rule];
        if (errors.Count > 0) return Problems.Validation(errors);
        var paymentMethod = body.PaymentMethod ?? PaymentMethods.Cash;
        if (Payments.PaymentsApi.CheckMethod(http, paymentMethod) is { } unavailable) return unavailable;

        var zones = await http.RequestServices.GetRequiredService<DeliveryZoneCache>().ActiveAsync(dataSource, ct);
        var delivery = DeliveryZones.Choose(zones, body.DeliveryZoneId, body.Pickup == true, deliveryDate);
        if (delivery is not DeliveryZones.Choice.Charged charged)
            return Problems.Validation("delivery_zone_id", delivery is DeliveryZones.Choice.Required
                ? "delivery_zone_id is required: choose a delivery zone, or pickup."
                : "delivery_zone_id must be an active delivery zone (a pickup zone with pickup).");

        var result = await CartCheckout.PlaceAsync(dataSource, new CartCheckoutRequest(who.UserId, idempotencyKey, body.CustomerName,
            body.CustomerPhone, body.DeliveryAddress, body.DeliveryNotes, paymentMethod, charged.Charge, limits.CurrentValue), ct);
        switch (result)
        {
            case CartCheckoutResult.Placed placed:
                signals.SendDeferred(placed.PendingNotifications);
                return TypedResults.Created($"/api/orders/{placed.Order.Id}", await Payments.PaymentsApi.ReplyWithInvoiceAsync(http, placed.Order, ct));
            case CartCheckoutResult.KeyUsed:
                // The EF context only on this rare path: the checkout itself runs on a plain connection, and
                // binding a StoreDb parameter would create one for every order.
                return await FirstWithKeyAsync(http, who.UserId, idempotencyKey!, ct);
            case CartCheckoutResult.EmptyCart:
                return Problems.Of(StatusCodes.Status400BadRequest, "empty_cart", "The cart is empty", "Add products to the cart first.");
            case CartCheckoutResult.PhoneMissing:
                return Problems.Validation("customer_phone", "customer_phone is required (or set a phone in the profile).");
            case CartCheckoutResult.OutOfStock shortage:
                return Problems.Conflict("out_of_stock", "Some products are no longer available in the quantity asked for.",
                    [new("items", shortage.Lines.Select(s => new ShortLineReply(s.ProductId, s.Name, s.Requested, s.Available)).ToList())]);
            case CartCheckoutResult.OverLimit over:
                return OrderLimitProblem(over.Limit, over.Max);
            case CartCheckoutResult.Blocked:
                return CustomerAuth.BlockedProblem();
            default:
                throw new InvalidOperationException($"Unexpected checkout result {result.GetType().Name}.");
        }
    }

    /// <summary>
    /// The first request with this key has committed (the claim waited for it): answer with its order. A client
    /// retrying after a lost reply must still be able to pay, so an order still unpaid gets an invoice link again
    /// (the links are not stored: a fresh one, whose payload pays the same order); nothing is placed or reserved twice.
    /// </summary>
    private static async Task<Results<Created<OrderReply>, ProblemHttpResult>> FirstWithKeyAsync(HttpContext http, int userId, string key, CancellationToken ct)
    {
        var db = http.RequestServices.GetRequiredService<StoreDb>();
        var firstId = await db.IdempotencyKeys.Where(k => k.UserId == userId && k.Key == key).Select(k => k.OrderId).FirstOrDefaultAsync(ct);
        var first = firstId is null ? null : await OrderWorkflow.FindAsync(db, firstId.Value, ct);
        return first is null
            ? Problems.Conflict("idempotency_conflict", "This Idempotency-Key was used for a request that made no order.")
            : TypedResults.Created($"/api/orders/{first.Id}", await Payments.PaymentsApi.ReplyWithInvoiceAsync(http, first, ct));
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
        var r = await OrderWorkflow.TransitionAsync(db, id, OrderStatuses.Cancelled, $"customer:{who.UserId}", ct,
            cancelledBy: OrderNotices.CancelledBy.Customer);
        return r.Ok ? TypedResults.Ok(OrderReply.From(r.Order!)) : TransitionProblem(id, r);
    }

    /// <summary>409 <c>order_limit</c>: which cap (<see cref="OrderLimits"/>) and its value, for the client to explain.</summary>
    public static ProblemHttpResult OrderLimitProblem(string limit, int max) =>
        Problems.Conflict("order_limit", limit == OrderLimits.Units
                ? $"One order may hold at most {max} units."
                : $"At most {max} orders may wait for confirmation at once; wait for one to be confirmed or cancel one.",
            [new("limit", limit), new("max", max)]);

    public static ProblemHttpResult TransitionProblem(int id, TransitionResult r) => r.Error switch
    {
        "not_found" => Problems.NotFound("Order " + id),
        _ => Problems.Conflict(r.Error ?? "invalid_transition",
            $"The order is {r.Order?.Status}; it can move to: {string.Join(", ", OrderStateMachine.Next(r.Order?.Status ?? ""))}.",
            [new("status", r.Order?.Status)]),
    };

    private static void Check(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is null) return;
        if (string.IsNullOrWhiteSpace(value)) errors[field] = [$"{field} cannot be blank."];
        else if (value.Length > max) errors[field] = [$"{field} must be at most {max} characters."];
    }
}
