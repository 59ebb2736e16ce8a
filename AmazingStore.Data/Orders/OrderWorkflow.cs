using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using static AmazingStore.Data.DbTransactions;

namespace AmazingStore.Data.Orders;

/// <summary>
/// Places orders from every channel and moves them through their statuses, together with their
/// stock (through <see cref="StockLedger"/>) and their notifications (outbox), all in one transaction.
/// </summary>
public static class OrderWorkflow
{
    private static readonly TimeSpan Tashkent = TimeSpan.FromHours(5);

    /// <summary>The statuses an order can move to next (<see cref="OrderStateMachine"/>).</summary>
    public static IReadOnlyList<string> NextStatuses(string status) => OrderStateMachine.Next(status);

    /// <summary>
    /// Records the order with current prices, a fresh order number, reserved stock, name/SKU snapshots,
    /// product order counts and the owner notification — all or nothing. Joins the StoreDb's open
    /// transaction when there is one (undoing only its own work on failure, through a savepoint —
    /// unless <paramref name="callerUndoes"/>: the caller rolls its whole transaction back whenever
    /// the result is not Placed, so the savepoint's two round trips are saved).
    /// </summary>
    public static async Task<PlaceResult> PlaceAsync(StoreDb db, NewOrder order, CancellationToken ct, bool callerUndoes = false)
    {
        Validate(order);
        var outer = db.Database.CurrentTransaction;
        var own = outer is null ? await db.Database.BeginTransactionAsync(ct) : null;
        var tx = outer ?? own!;
        const string Savepoint = "place_order";
        var savepoint = own is null && !callerUndoes;
        try
        {
            if (savepoint) await tx.CreateSavepointAsync(Savepoint, ct);
            PlaceResult result;
            try
            {
                result = await PlaceCoreAsync(Connection(db), (NpgsqlTransaction)tx.GetDbTransaction(), db, order, ct);
            }
            catch (PostgresException e) when (e is { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ux_orders_marketplace_order" }
                                              && (own is not null || savepoint))
            {
                // A concurrent import of the same marketplace order won the race: ours is a duplicate.
                await UndoAsync(tx, own, savepoint, Savepoint, ct);
                var existing = await FindExistingAsync(db, order, ct);
                return existing is null ? throw new InvalidOperationException("Duplicate order vanished.", e) : new PlaceResult.AlreadyExists(existing);
            }
            catch
            {
                // When the connection itself broke, undoing fails too; the first error is the one to report.
                try { await UndoAsync(tx, own, savepoint, Savepoint, ct); }
                catch (Exception undo) when (undo is InvalidOperationException or NpgsqlException) { }
                throw;
            }

            if (result is PlaceResult.Placed)
            {
                if (own is not null)
                {
                    await own.CommitAsync(ct);
                    Observability.StoreMetrics.OrderPlaced(order.ChannelSlug);
                }
                else if (savepoint) await tx.ReleaseSavepointAsync(Savepoint, ct);
            }
            else await UndoAsync(tx, own, savepoint, Savepoint, ct);
            return result;
        }
        finally
        {
            if (own is not null) await own.DisposeAsync();
        }
    }

    private static async Task UndoAsync(IDbContextTransaction tx, IDbContextTransaction? own, bool savepoint, string name, CancellationToken ct)
    {
        if (own is not null) await own.RollbackAsync(ct);
        else if (savepoint) await tx.RollbackToSavepointAsync(name, ct);
    }

    private static void Validate(NewOrder o)
    {
        _ = OrderSources.Prefix(o.Source);
        if (o.Lines.Count == 0) throw new ArgumentException("An order needs at least one line.", nameof(o));
        if (o.Lines.Any(l => l.Quantity <= 0)) throw new ArgumentException("Line quantities must be positive.", nameof(o));
        if (o.Lines.Any(l => l.UnitPrice < 0)) throw new ArgumentException("Prices cannot be negative.", nameof(o));
        if (o.DeliveryFee < 0) throw new ArgumentException("The delivery fee cannot be negative.", nameof(o));
    }

    internal sealed record ProductRow(string Sku, string Name, decimal Price, decimal? SalePrice, decimal? CostPrice);

    private sealed record ItemRow(int? ProductId, string Name, string Sku, string? ExternalSku, decimal Price, decimal? Cost, int Quantity);

    private static async Task<PlaceResult> PlaceCoreAsync(NpgsqlConnection conn, NpgsqlTransaction tx, StoreDb db, NewOrder order, CancellationToken ct)
    {
        var mapped = order.Lines.Where(l => l.ProductId is not null).Select(l => l.ProductId!.Value).Distinct().ToArray();
        Prepared prepared;
        await using (var first = new NpgsqlBatch(conn, tx))
        {
            first.BatchCommands.Add(BatchCommand($"SELECT {PlanSetting}"));
            var openCap = OpenOrdersCap(order);
            AddPrepare(first, order.ChannelSlug, "$1", () => Ints(mapped), order.UserId, openCap);
            await using var r = await first.ExecuteReaderAsync(ct);
            await r.NextResultAsync(ct); // past the setting's row
            prepared = await ReadPrepareAsync(r, ct, openCap > 0);
        }
        var marketplaceId = prepared.ChannelId ?? throw new ArgumentException($"Unknown channel '{order.ChannelSlug}'.", nameof(order));

        if (order.MarketplaceOrderId is not null)
        {
            // Serialises imports of the same marketplace order, so the second sees the first's commit.
            await ScalarAsync<object>(conn, tx, "SELECT pg_advisory_xact_lock(hashtext($1))", ct,
                Text($"order:{marketplaceId}:{order.MarketplaceOrderId}"));
            var existing = await FindExistingAsync(db, order, ct, marketplaceId);
            if (existing is not null) return new PlaceResult.AlreadyExists(existing);
        }
        return await WriteAsync(conn, tx, order, marketplaceId, prepared, null, ct);
    }

    /// <summary>
    /// The order's array statements (= ANY, unnest) were planned afresh on every call: PostgreSQL kept
    /// choosing custom plans, about a sixth of the database's time per order under load. Their generic
    /// plans are the same index lookups, so an order's transaction uses those from its first reads on.
    /// An expression for the SELECT that starts the transaction's work.
    /// </summary>
    internal const string PlanSetting = "set_config('plan_cache_mode', 'force_generic_plan', true)";

    /// <summary>What the order's first round trip read: channel, order id, product snapshots, locked stock rows.</summary>
    internal sealed record Prepared(int? ChannelId, int OrderId, DateTime Now, Dictionary<int, ProductRow> Products,
        Dictionary<int, StockLedger.LockedRow> Locked, int OpenOrders = 0);

    /// <summary>
    /// Statements a caller sends with the order's writes, after them, in the same round trip: the app's
    /// checkout empties the cart, records its idempotency key and commits there. <see cref="ReadAsync"/>
    /// gets the reader on the first of them that returns rows. With <see cref="Commits"/> the batch ends the transaction, so
    /// the ledger must fail rather than skip a line it cannot apply (see StockLedger.PendingApply).
    /// </summary>
    internal sealed record Rider(IReadOnlyList<NpgsqlBatchCommand> Commands, Func<NpgsqlDataReader, CancellationToken, Task> ReadAsync, bool Commits);

    /// <summary>
    /// Reserves the order's stock on the rows <paramref name="prepared"/> locked and writes the order, its lines,
    /// its order counts and the owner notification in one round trip (with the rider's statements).
    /// Returns OutOfStock, having written nothing, when a line is short and the order is not kept for a human.
    /// </summary>
    internal static async Task<PlaceResult> WriteAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, NewOrder order, int marketplaceId,
        Prepared prepared, Rider? rider, CancellationToken ct)
    {
        if (OverLimit(order, prepared.OpenOrders) is { } over) return over;
        var (orderId, now, products, locked) = (prepared.OrderId, prepared.Now, prepared.Products, prepared.Locked);
        var why = new LedgerReference("order", orderId, marketplaceId, null);

        var stockLines = order.Lines.Where(l => l.ProductId is not null).Select(l => new StockLine(l.ProductId!.Value, l.Quantity)).ToList();
        // The ledger's statements go out with the order's own writes below: one round trip for all.
        await using var batch = new NpgsqlBatch(conn, tx);
        var strict = rider?.Commits == true;
        var (shorts, pending) = await StockLedger.ReserveLockedAsync(conn, tx, stockLines, locked, why, batch, strict, ct);
        var attention = new List<string>();
        if (shorts.Count > 0)
        {
            if (!order.KeepWhenShort) return new PlaceResult.OutOfStock(shorts);
            // Keep the order for a human; reserve only what is there in full (rows are still locked by us).
            var shortIds = shorts.Select(s => s.ProductId).ToHashSet();
            var rest = stockLines.Where(l => !shortIds.Contains(l.ProductId)).ToList();
            (var again, pending) = await StockLedger.ReserveLockedAsync(conn, tx, rest, locked, why, batch, strict, ct);
            if (again.Count > 0) throw new InvalidOperationException("Stock changed under a held lock.");
            attention.AddRange(shorts.Select(s => $"short: product {s.ProductId} {s.Sku} requested {s.Requested}, available {s.Available}"));
        }

        var items = new List<ItemRow>();
        foreach (var l in order.Lines)
        {
            if (l.ProductId is int pid && products.TryGetValue(pid, out var p))
            {
                items.Add(new ItemRow(pid, Cut(p.Name, 255), Cut(p.Sku, 100), l.ExternalSku, l.UnitPrice ?? p.SalePrice ?? p.Price, p.CostPrice, l.Quantity));
                continue;
            }
            // Unmapped (or unknown) marketplace line: kept with what the marketplace told us.
            var label = l.ExternalSku ?? l.ProductId?.ToString() ?? "?";
            attention.Add(l.ProductId is null ? $"unmapped: {label}" : $"unknown product: {label}");
            items.Add(new ItemRow(null, Cut(l.ExternalName ?? l.ExternalSku ?? "Unknown item", 255), Cut(l.ExternalSku ?? "", 100),
                l.ExternalSku, l.UnitPrice ?? 0, null, l.Quantity));
        }

        var subtotal = items.Sum(i => i.Price * i.Quantity);
        // The zone's fee rule meets the subtotal of the prices just read: a fee the client sent never gets here.
        var deliveryFee = order.Delivery?.FeeFor(subtotal) ?? order.DeliveryFee;
        decimal? totalCost = items.All(i => i.Cost is not null) ? items.Sum(i => i.Cost!.Value * i.Quantity) : null;
        var number = OrderNumber(order.Source, orderId);

        // The order, its lines and the products' order counts in one statement, after the ledger's, and the
        // owner notification (OutboxWriter) after it, in the same batch. The lines' references to the order are checked at the statement's end, when
        // the order row is there. Order counts go to products later, in bulk (OrderCounts): rewriting the
        // wide product rows here cost a tenth of the database's time per order. Line ids come from the
        // sequence in line order, so sorted they match the lines.
        batch.BatchCommands.Add(BatchCommand("""
            WITH o AS (
                INSERT INTO orders (id, order_number, marketplace_id, source, marketplace_order_id, user_id, customer_name,
                                    customer_phone, delivery_address, delivery_notes, subtotal, delivery_fee, total,
                                    payment_method, total_cost, total_profit, needs_attention, attention_reason, external_status)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $11 + $12, $13, $14, $11 - $14, $15, $16, $17)),
            i AS (
                INSERT INTO order_items (order_id, product_id, product_name, product_sku, external_sku, price, cost_price,
                                         quantity, subtotal, profit)
                SELECT $1, u.product_id, u.name, u.sku, u.external_sku, u.price, u.cost, u.quantity, u.price * u.quantity,
                       (u.price - u.cost) * u.quantity
                FROM unnest($18::int[], $19::text[], $20::text[], $21::text[], $22::numeric[], $23::numeric[], $24::int[])
                     WITH ORDINALITY AS u(product_id, name, sku, external_sku, price, cost, quantity, n)
                ORDER BY u.n
                RETURNING id, product_id, quantity),
            d AS (
                INSERT INTO order_count_deltas (product_id, quantity) SELECT product_id, quantity FROM i WHERE product_id IS NOT NULL)
            SELECT id FROM i
            """,
            Int(orderId), Text(number), Int(marketplaceId), Text(order.Source), Text(order.MarketplaceOrderId), Int(order.UserId),
            Text(order.CustomerName), Text(order.CustomerPhone), Text(order.DeliveryAddress), Text(order.DeliveryNotes),
            Money(subtotal), Money(deliveryFee), Text(order.PaymentMethod), Money(totalCost),
            P(attention.Count > 0, NpgsqlTypes.NpgsqlDbType.Boolean), Text(attention.Count > 0 ? string.Join("; ", attention) : null),
            Text(order.ExternalStatus),
            P(items.Select(i => i.ProductId).ToArray(), NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Integer),
            P(items.Select(i => i.Name).ToArray(), NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text),
            P(items.Select(i => i.Sku).ToArray(), NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text),
            P(items.Select(i => i.ExternalSku).ToArray(), NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text),
            P(items.Select(i => i.Price).ToArray(), NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Numeric),
            P(items.Select(i => i.Cost).ToArray(), NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Numeric),
            Ints(items.Select(i => i.Quantity).ToArray())));
        if (order.Delivery is { } delivery)
            batch.BatchCommands.Add(BatchCommand("UPDATE orders SET delivery_zone_id = $2, delivery_date = $3, is_pickup = $4 WHERE id = $1",
                Int(orderId), Int(delivery.ZoneId), P(delivery.Date, NpgsqlTypes.NpgsqlDbType.TimestampTz),
                P(delivery.IsPickup, NpgsqlTypes.NpgsqlDbType.Boolean)));
        batch.BatchCommands.Add(OutboxWriter.Command(OutboxTypes.OwnerOrderNotification,
            JsonSerializer.Serialize(new { order_id = orderId }), $"owner_order:{orderId}"));
        if (rider is not null) foreach (var c in rider.Commands) batch.BatchCommands.Add(c);
        // A batch that commits is not cancelled halfway: a client gone mid-request must not leave it
        // unknown whether its order committed.
        if (rider?.Commits == true) ct = CancellationToken.None;
        var itemIds = new List<int>(items.Count);
        await using (var r = await batch.ExecuteReaderAsync(ct))
        {
            // The reader skips statements that return no rows: the ledger's rows (when it ran), the lines', the rider's.
            if (pending is not null)
            {
                await pending.CheckAsync(r, ct);
                await r.NextResultAsync(ct);
            }
            while (await r.ReadAsync(ct)) itemIds.Add(r.GetInt32(0));
            if (rider is not null && await r.NextResultAsync(ct)) await rider.ReadAsync(r, ct);
        }
        itemIds.Sort();
        if (itemIds.Count != items.Count) throw new InvalidOperationException($"Order {orderId}: {itemIds.Count} of {items.Count} lines written.");

        // The order as written, built from what was sent rather than read back (an EF load was a
        // tenth of the host's CPU under the checkout benchmark); defaults are the table's.
        return new PlaceResult.Placed(new Order
        {
            Id = orderId, OrderNumber = number, MarketplaceId = marketplaceId, Source = order.Source,
            MarketplaceOrderId = order.MarketplaceOrderId, UserId = order.UserId, CustomerName = order.CustomerName,
            CustomerPhone = order.CustomerPhone, DeliveryAddress = order.DeliveryAddress, DeliveryNotes = order.DeliveryNotes,
            Subtotal = R(subtotal), DeliveryFee = R(deliveryFee), Total = R(subtotal + deliveryFee), Status = OrderStatuses.Pending,
            PaymentStatus = "unpaid", PaymentMethod = order.PaymentMethod, TotalCost = R(totalCost), TotalProfit = R(subtotal - totalCost),
            OrderDate = now, NeedsAttention = attention.Count > 0, AttentionReason = attention.Count > 0 ? string.Join("; ", attention) : null,
            ExternalStatus = order.ExternalStatus, CreatedAt = now, UpdatedAt = now,
            DeliveryZoneId = order.Delivery?.ZoneId, DeliveryDate = order.Delivery?.Date, IsPickup = order.Delivery?.IsPickup ?? false,
            Items = items.Select((i, n) => new OrderItem
            {
                Id = itemIds[n], OrderId = orderId, ProductId = i.ProductId, ProductName = i.Name, ProductSku = i.Sku,
                ExternalSku = i.ExternalSku, Price = R(i.Price), CostPrice = R(i.Cost), Quantity = i.Quantity,
                Subtotal = R(i.Price * i.Quantity), Profit = R((i.Price - i.Cost) * i.Quantity), CreatedAt = now,
            }).ToList(),
        });
    }

    /// <summary>
    /// Moves an order one step (pending → confirmed → shipped → delivered; cancelled from pending or
    /// confirmed; returned from delivered), with its stock: shipping turns the order's reservations into a
    /// decrease, cancelling releases them, a return brings the shipped units back ('return') and, without
    /// <paramref name="restock"/>, writes them off again ('write_off'). <paramref name="expectedStatus"/> makes a
    /// stale button press fail with "stale". <paramref name="cancelledBy"/> (OrderNotices.CancelledBy) tells the
    /// owner of a cancellation or return the shop did not make itself. <paramref name="reason"/> (e.g. "expired")
    /// goes with the customer's notification. Cancelling an order that was paid flags it for refund and alerts
    /// the owner (the money is not kept for nothing).
    /// </summary>
    public static Task<TransitionResult> TransitionAsync(StoreDb db, int orderId, string newStatus, string actor,
        CancellationToken ct, string? expectedStatus = null, bool? restock = null, string? cancelledBy = null, string? reason = null)
    {
        if (newStatus == OrderStatuses.Returned && restock is null)
            throw new ArgumentException("A return must say whether the units go back into stock.", nameof(restock));
        return RunAsync(db, async (conn, tx) =>
        {
            string status; int? userId; int marketplaceId; string paymentStatus;
            await using (var read = Command(conn, tx, "SELECT status, user_id, marketplace_id, payment_status FROM orders WHERE id = $1 FOR UPDATE", Int(orderId)))
            await using (var r = await read.ExecuteReaderAsync(ct))
            {
                if (!await r.ReadAsync(ct)) return new TransitionResult(false, null, "not_found");
                status = r.GetString(0);
                userId = r.IsDBNull(1) ? null : r.GetInt32(1);
                marketplaceId = r.GetInt32(2);
                paymentStatus = r.GetString(3);
            }
            if (expectedStatus is not null && expectedStatus != status)
                return new TransitionResult(false, await LoadAsync(db, orderId, ct), "stale");
            if (!OrderStateMachine.CanMove(status, newStatus))
                return new TransitionResult(false, await LoadAsync(db, orderId, ct), "invalid_transition");

            if (newStatus is OrderStatuses.Shipped or OrderStatuses.Cancelled)
            {
                var reserved = await OutstandingReservationsAsync(conn, tx, orderId, ct);
                var why = new LedgerReference("order", orderId, marketplaceId, $"{newStatus} by {actor}");
                if (newStatus == OrderStatuses.Shipped) await StockLedger.ShipAsync(db, reserved, why, ct);
                else await StockLedger.ReleaseAsync(db, reserved, why, ct);
            }
            else if (newStatus == OrderStatuses.Returned)
            {
                var shipped = await ShippedUnitsAsync(conn, tx, orderId, ct);
                await StockLedger.ReturnAsync(db, shipped, new LedgerReference("order", orderId, marketplaceId, $"returned by {actor}"), ct);
                if (restock == false)
                    await StockLedger.WriteOffAsync(db, shipped, new LedgerReference("order", orderId, marketplaceId, $"written off on return by {actor}"), ct);
            }

            await using (var batch = new NpgsqlBatch(conn, tx))
            {
                batch.BatchCommands.Add(BatchCommand("""
                    UPDATE orders SET status = $2,
                        confirmed_at = CASE WHEN $2 = 'confirmed' THEN now() ELSE confirmed_at END,
                        delivered_at = CASE WHEN $2 = 'delivered' THEN now() ELSE delivered_at END,
                        cancelled_at = CASE WHEN $2 = 'cancelled' THEN now() ELSE cancelled_at END,
                        returned_at = CASE WHEN $2 = 'returned' THEN now() ELSE returned_at END
                    WHERE id = $1
                    """, Int(orderId), Text(newStatus)));
                if (cancelledBy is not null && newStatus is OrderStatuses.Cancelled or OrderStatuses.Returned)
                    batch.BatchCommands.Add(OrderNotices.OwnerCancelled(orderId, cancelledBy, newStatus));
                if (userId is not null)
                    batch.BatchCommands.Add(OutboxWriter.Command(OutboxTypes.CustomerStatusNotification,
                        reason is null ? JsonSerializer.Serialize(new { order_id = orderId, status = newStatus })
                            : JsonSerializer.Serialize(new { order_id = orderId, status = newStatus, reason }), $"customer_status:{orderId}:{newStatus}"));
                if (newStatus == OrderStatuses.Cancelled && paymentStatus == PaymentStatuses.Paid)
                    Payments.PaymentWorkflow.AddNeedsRefund(batch, orderId);
                await batch.ExecuteNonQueryAsync(ct);
            }
            return new TransitionResult(true, await LoadAsync(db, orderId, ct), null);
        }, ct);
    }

    /// <summary>What the order took off on-hand when it shipped, from its own ledger rows (a return gives back exactly that).</summary>
    private static async Task<List<StockLine>> ShippedUnitsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int orderId, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, """
            SELECT product_id, -SUM(quantity_change)::int FROM inventory_movements
            WHERE reference_type = 'order' AND reference_id = $1 AND movement_type = 'ship'
            GROUP BY product_id HAVING SUM(quantity_change) < 0 ORDER BY product_id
            """, Int(orderId));
        var lines = new List<StockLine>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) lines.Add(new StockLine(r.GetInt32(0), r.GetInt32(1)));
        return lines;
    }

    /// <summary>What the order still holds in reservations, from its own ledger rows (reserve − release − ship).</summary>
    private static async Task<List<StockLine>> OutstandingReservationsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int orderId, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, """
            SELECT product_id, SUM(reserved_change)::int FROM inventory_movements
            WHERE reference_type = 'order' AND reference_id = $1
            GROUP BY product_id HAVING SUM(reserved_change) > 0 ORDER BY product_id
            """, Int(orderId));
        var lines = new List<StockLine>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) lines.Add(new StockLine(r.GetInt32(0), r.GetInt32(1)));
        return lines;
    }

    /// <summary>An order with its items in the order they were written, or null when there is none.</summary>
    public static Task<Order?> FindAsync(StoreDb db, int orderId, CancellationToken ct) =>
        db.Orders.AsNoTracking().Include(o => o.Items.OrderBy(i => i.Id)).FirstOrDefaultAsync(o => o.Id == orderId, ct);

    private static async Task<Order> LoadAsync(StoreDb db, int orderId, CancellationToken ct) =>
        await FindAsync(db, orderId, ct) ?? throw new InvalidOperationException($"Order {orderId} vanished inside its own transaction.");

    private static async Task<Order?> FindExistingAsync(StoreDb db, NewOrder order, CancellationToken ct, int? marketplaceId = null)
    {
        marketplaceId ??= await db.Marketplaces.Where(m => m.Slug == order.ChannelSlug).Select(m => (int?)m.Id).FirstOrDefaultAsync(ct);
        var id = await db.Orders.Where(o => o.MarketplaceId == marketplaceId && o.MarketplaceOrderId == order.MarketplaceOrderId)
            .Select(o => (int?)o.Id).FirstOrDefaultAsync(ct);
        return id is null ? null : await LoadAsync(db, id.Value, ct);
    }

    /// <summary>
    /// Adds the order's first reads to a batch: the channel's id, a fresh order id, the ordered products'
    /// snapshots and their stock rows, locked in product-id order (see StockLedger). <paramref name="ids"/>
    /// is the SQL for the product ids (an int[] parameter, or the ids in a cart), with its one argument.
    /// </summary>
    internal static void AddPrepare(NpgsqlBatch batch, string channelSlug, string ids, Func<NpgsqlParameter> idsArg,
        int? userId = null, int openCap = 0)
    {
        batch.BatchCommands.Add(BatchCommand("SELECT id FROM marketplaces WHERE slug = $1", Text(channelSlug)));
        // now() is the transaction's timestamp: the one the order's created_at default will hold.
        batch.BatchCommands.Add(BatchCommand("SELECT nextval(pg_get_serial_sequence('orders', 'id'))::int, now()"));
        batch.BatchCommands.Add(BatchCommand($"SELECT id, sku, name_uz, price, sale_price, cost_price FROM products WHERE id = ANY({ids})", idsArg()));
        batch.BatchCommands.Add(StockLedger.LockCommand(ids, idsArg()));
        if (userId is not int user || openCap <= 0) return;
        // The customer's open orders, counted under a per-user lock held to the commit: two orders placed at
        // once cannot both see room for one more. A statement of its own so that its snapshot follows the
        // lock (each statement sees what committed before it began). Counting stops at the cap.
        batch.BatchCommands.Add(BatchCommand("SELECT pg_advisory_xact_lock($1, $2)", Int(OpenOrdersLockClass), Int(user)));
        batch.BatchCommands.Add(BatchCommand(
            $"SELECT count(*)::int FROM (SELECT 1 FROM orders WHERE user_id = $1 AND {OpenOrderCondition} LIMIT $2) o",
            Int(user), Int(openCap)));
    }

    /// <summary>An order that holds stock for a customer who has neither had it confirmed nor paid for it.</summary>
    public const string OpenOrderCondition = "status = 'pending' AND payment_status = 'unpaid'";

    // The two-key advisory locks are a space apart from the one-key ones the imports take.
    private const int OpenOrdersLockClass = 17_005;

    /// <summary>The open-order cap that applies to this order (0: none — no user, or the cap is off).</summary>
    internal static int OpenOrdersCap(NewOrder order) =>
        order.UserId is null ? 0 : Math.Max(0, (order.Limits ?? OrderLimits.Default).MaxOpenOrdersPerCustomer);

    /// <summary>The hoarding caps (<see cref="OrderLimits"/>), checked before anything is written.</summary>
    private static PlaceResult.OverLimit? OverLimit(NewOrder order, int openOrders)
    {
        if (order.UserId is null) return null;
        var limits = order.Limits ?? OrderLimits.Default;
        if (limits.MaxUnitsPerOrder > 0 && order.Lines.Sum(l => (long)l.Quantity) > limits.MaxUnitsPerOrder)
            return new PlaceResult.OverLimit(OrderLimits.Units, limits.MaxUnitsPerOrder);
        if (limits.MaxOpenOrdersPerCustomer > 0 && openOrders >= limits.MaxOpenOrdersPerCustomer)
            return new PlaceResult.OverLimit(OrderLimits.OpenOrders, limits.MaxOpenOrdersPerCustomer);
        return null;
    }

    /// <summary>
    /// Reads what <see cref="AddPrepare"/> added, the reader being on its first result (the channel);
    /// <paramref name="countsOpen"/> when it was given a user and a cap.
    /// </summary>
    internal static async Task<Prepared> ReadPrepareAsync(NpgsqlDataReader r, CancellationToken ct, bool countsOpen = false)
    {
        int? channelId = await r.ReadAsync(ct) ? r.GetInt32(0) : null;
        await r.NextResultAsync(ct);
        await r.ReadAsync(ct);
        var (orderId, now) = (r.GetInt32(0), r.GetDateTime(1));
        await r.NextResultAsync(ct);
        var rows = new Dictionary<int, ProductRow>();
        while (await r.ReadAsync(ct))
            rows[r.GetInt32(0)] = new ProductRow(r.GetString(1), r.GetString(2), r.GetDecimal(3),
                r.IsDBNull(4) ? null : r.GetDecimal(4), r.IsDBNull(5) ? null : r.GetDecimal(5));
        await r.NextResultAsync(ct);
        var locked = await StockLedger.ReadLockedAsync(r, ct);
        var open = 0;
        if (countsOpen)
        {
            await r.NextResultAsync(ct); // past the lock's row
            await r.NextResultAsync(ct);
            await r.ReadAsync(ct);
            open = r.GetInt32(0);
        }
        return new Prepared(channelId, orderId, now, rows, locked, open);
    }

    /// <summary>
    /// Readable and unique without a shared counter row: the channel prefix, the Tashkent date and the
    /// order id (from the sequence, taken before reserving). A per-day counter row would make every
    /// checkout in the shop wait for the one before it to commit.
    /// </summary>
    private static string OrderNumber(string source, int orderId) =>
        $"{OrderSources.Prefix(source)}-{DateTime.UtcNow + Tashkent:yyMMdd}-{orderId:D4}";

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct, params NpgsqlParameter[] args)
    {
        await using var cmd = Command(conn, tx, sql, args);
        var value = await cmd.ExecuteScalarAsync(ct);
        return value is null or DBNull ? default : (T)value;
    }

    /// <summary>
    /// Money as a numeric(…, 2) column gives it back: halves rounded away from zero (as PostgreSQL does),
    /// always two decimals (adding 0.00m sets the scale), so the reply matches a later read.
    /// </summary>
    private static decimal R(decimal d) => Math.Round(d, 2, MidpointRounding.AwayFromZero) + 0.00m;

    private static decimal? R(decimal? d) => d is { } v ? R(v) : null;

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
