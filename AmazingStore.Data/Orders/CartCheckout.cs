using System.Data;
using AmazingStore.Data.Cart;
using AmazingStore.Data.Signals;
using Npgsql;
using static AmazingStore.Data.DbTransactions;

namespace AmazingStore.Data.Orders;

/// <summary>
/// The app's checkout: the customer's whole cart becomes one order (through <see cref="OrderWorkflow"/>),
/// the cart is emptied and the idempotency key recorded, all in one transaction of two round trips:
/// the cart (locked), the profile, the order's first reads and the key's claim; then the order's writes,
/// the cart's and the commit. A concurrent request with the same key waits for the first one's commit,
/// then finds the key used (<see cref="CartCheckoutResult.KeyUsed"/>).
/// </summary>
public static class CartCheckout
{
    public const string Channel = "amazing-store";

    public static async Task<CartCheckoutResult> PlaceAsync(NpgsqlDataSource dataSource, CartCheckoutRequest request, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var committed = false;
        try
        {
            var userId = request.UserId;
            var key = request.IdempotencyKey;
            var lines = new List<NewOrderLine>();
            string? firstName = null, lastName = null, profilePhone = null;
            var active = false;
            var claimed = true;
            var limits = request.Limits ?? OrderLimits.Default;
            var openCap = Math.Max(0, limits.MaxOpenOrdersPerCustomer);
            OrderWorkflow.Prepared prepared;
            await using (var first = new NpgsqlBatch(conn))
            {
                first.BatchCommands.Add(BatchCommand("BEGIN"));
                // Notifications (catalog, outbox) go out after the commit: see DbSignals.SendDeferredAsync;
                // generic plans: see OrderWorkflow.PlanSetting; index walks on the cart: CartSql.ByIndex.
                first.BatchCommands.Add(BatchCommand($"SELECT {DbSignals.DeferCall}, {OrderWorkflow.PlanSetting}, {CartSql.ByIndex}"));
                first.BatchCommands.Add(BatchCommand("SELECT product_id, quantity FROM cart_items WHERE user_id = $1 ORDER BY product_id FOR UPDATE", Int(userId)));
                first.BatchCommands.Add(BatchCommand("SELECT first_name, last_name, phone, is_active FROM users WHERE id = $1", Int(userId)));
                // The cart's rows are locked by the statement above, so these see the same products.
                OrderWorkflow.AddPrepare(first, Channel, "ARRAY(SELECT product_id FROM cart_items WHERE user_id = $1)", () => Int(userId),
                    userId, openCap);
                // The key is claimed with the order id just drawn (the reference is checked at commit). A
                // request repeating a key in flight waits for the first one (at the cart's lock, or here),
                // then finds the key used.
                if (key is not null)
                    first.BatchCommands.Add(BatchCommand("""
                        INSERT INTO idempotency_keys (user_id, key, order_id) VALUES ($1, $2, currval(pg_get_serial_sequence('orders', 'id')))
                        ON CONFLICT DO NOTHING RETURNING 1
                        """, Int(userId), Text(key)));
                await using var r = await first.ExecuteReaderAsync(ct);
                await r.NextResultAsync(ct); // past the settings
                while (await r.ReadAsync(ct)) lines.Add(new NewOrderLine(r.GetInt32(0), r.GetInt32(1)));
                await r.NextResultAsync(ct);
                if (await r.ReadAsync(ct))
                    (firstName, lastName, profilePhone, active) = (Str(r, 0), Str(r, 1), Str(r, 2), r.GetBoolean(3));
                await r.NextResultAsync(ct);
                prepared = await OrderWorkflow.ReadPrepareAsync(r, ct, openCap > 0);
                if (key is not null)
                {
                    await r.NextResultAsync(ct);
                    claimed = await r.ReadAsync(ct);
                }
            }
            if (!claimed) return new CartCheckoutResult.KeyUsed();
            // Blocked by an admin (their initData may still pass on an instance that has not heard yet): the cart stays a cart.
            if (!active) return new CartCheckoutResult.Blocked();
            if (lines.Count == 0) return new CartCheckoutResult.EmptyCart();
            var phone = request.CustomerPhone ?? profilePhone;
            if (string.IsNullOrWhiteSpace(phone)) return new CartCheckoutResult.PhoneMissing();

            var order = new NewOrder(OrderSources.App, Channel, lines, request.CustomerName ?? $"{firstName} {lastName}".Trim(), phone,
                UserId: userId, DeliveryAddress: request.DeliveryAddress, DeliveryNotes: request.DeliveryNotes, PaymentMethod: request.PaymentMethod,
                Delivery: request.Delivery, Limits: request.Limits);
            var channelId = prepared.ChannelId ?? throw new InvalidOperationException($"The '{Channel}' channel is missing.");
            string? pending = null;
            var productIds = lines.Select(l => l.ProductId!.Value).ToArray();
            var rider = new OrderWorkflow.Rider(Finish(userId, productIds, prepared.OrderId), async (r, ct2) =>
            {
                if (await r.ReadAsync(ct2)) pending = r.GetString(0);
            }, Commits: true);
            var result = await OrderWorkflow.WriteAsync(conn, null, order, channelId, prepared, rider, ct);
            switch (result)
            {
                case PlaceResult.Placed placed:
                    committed = true;
                    Observability.StoreMetrics.OrderPlaced(Channel);
                    return new CartCheckoutResult.Placed(placed.Order, pending);
                case PlaceResult.OutOfStock shortage:
                    return new CartCheckoutResult.OutOfStock(shortage.Lines);
                case PlaceResult.OverLimit over:
                    return new CartCheckoutResult.OverLimit(over.Limit, over.Max);
                default:
                    throw new InvalidOperationException($"Unexpected place result {result.GetType().Name} for an app order.");
            }
        }
        finally
        {
            if (!committed && conn.FullState == ConnectionState.Open)
            {
                // Nothing to keep: the claim, the locks and whatever ran. A broken connection has ended it anyway.
                try
                {
                    await using var rollback = new NpgsqlCommand("ROLLBACK", conn);
                    await rollback.ExecuteNonQueryAsync(CancellationToken.None);
                }
                catch (NpgsqlException) { }
            }
        }
    }

    /// <summary>After the order's writes: the ordered lines leave the cart, the customer's "order received" is queued; commit.</summary>
    private static NpgsqlBatchCommand[] Finish(int userId, int[] productIds, int orderId) =>
    [
        BatchCommand("DELETE FROM cart_items WHERE user_id = $1 AND product_id = ANY($2)", Int(userId), Ints(productIds)),
        OrderNotices.CustomerReceived(orderId),
        BatchCommand(DbSignals.PendingSql),
        BatchCommand("COMMIT"),
    ];

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}

/// <summary>A checkout of the user's cart; null customer fields fall back to the profile. Delivery: the chosen zone's fee rule (null = free); Limits null = the defaults.</summary>
public sealed record CartCheckoutRequest(int UserId, string? IdempotencyKey, string? CustomerName, string? CustomerPhone,
    string? DeliveryAddress, string? DeliveryNotes, string? PaymentMethod, Delivery.DeliveryCharge? Delivery = null, OrderLimits? Limits = null);

public abstract record CartCheckoutResult
{
    private CartCheckoutResult() { }

    /// <summary>Committed. PendingNotifications: for DbSignals.SendDeferred.</summary>
    public sealed record Placed(Order Order, string? PendingNotifications) : CartCheckoutResult;

    public sealed record EmptyCart : CartCheckoutResult;

    /// <summary>No phone in the request or the profile.</summary>
    public sealed record PhoneMissing : CartCheckoutResult;

    /// <summary>The key was claimed by a request that has committed: answer with its order (if it made one).</summary>
    public sealed record KeyUsed : CartCheckoutResult;

    public sealed record OutOfStock(IReadOnlyList<Inventory.ShortLine> Lines) : CartCheckoutResult;

    /// <summary>Over a hoarding cap (<see cref="OrderLimits"/>): nothing reserved, the cart kept.</summary>
    public sealed record OverLimit(string Limit, int Max) : CartCheckoutResult;

    /// <summary>The user is blocked (users.is_active false): nothing placed, the cart kept.</summary>
    public sealed record Blocked : CartCheckoutResult;
}
