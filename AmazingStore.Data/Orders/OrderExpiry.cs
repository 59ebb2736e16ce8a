using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;
using static AmazingStore.Data.DbTransactions;

namespace AmazingStore.Data.Orders;

/// <param name="UnpaidTimeout">A card/Stars order nobody paid (Payments:UnpaidTimeoutMinutes).</param>
/// <param name="CashTimeout">A cash order nobody confirmed (Orders:UnconfirmedCashExpiryMinutes); null = never.</param>
/// <param name="PreCheckoutGrace">An order whose pre_checkout_query was approved this recently is left alone: its payment is on its way.</param>
public sealed record ExpiryRules(TimeSpan UnpaidTimeout, TimeSpan? CashTimeout, TimeSpan PreCheckoutGrace);

/// <summary>
/// Cancels the app's open orders that held stock too long: card/Stars orders still unpaid, and cash orders
/// still unconfirmed (issue 17: one customer must not hold the stock for ever). Each goes through
/// <see cref="OrderWorkflow.TransitionAsync"/> (reservation released through the ledger, so marketplaces hear of
/// the units; customer told), with the owner told once (OrderNotices.CancelledBy.Expiry), one order per transaction. The due check is repeated under
/// the row's lock, so a payment or a pre-checkout approval that got there first wins; several instances
/// skip each other's rows.
/// </summary>
public static class OrderExpiry
{
    private const string Due = """
        status = 'pending' AND payment_status = 'unpaid' AND source = 'app'
        AND (precheckout_approved_at IS NULL OR precheckout_approved_at < now() - $3)
        AND CASE WHEN payment_method IN ('card', 'stars') THEN created_at < now() - $1
                 ELSE $2::interval IS NOT NULL AND created_at < now() - $2::interval END
        """;

    /// <returns>The ids of the orders cancelled.</returns>
    public static async Task<IReadOnlyList<int>> ExpireDueAsync(StoreDb db, ExpiryRules rules, int limit, CancellationToken ct)
    {
        var conn = Connection(db);
        if (conn.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        var candidates = new List<int>();
        await using (var find = Command(conn, null, $"SELECT id FROM orders WHERE {Due} ORDER BY created_at LIMIT $4",
            [.. Args(rules), Int(limit)]))
        await using (var r = await find.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) candidates.Add(r.GetInt32(0));

        var expired = new List<int>();
        foreach (var id in candidates)
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            await using (var check = Command(conn, (NpgsqlTransaction)tx.GetDbTransaction(),
                $"SELECT payment_method FROM orders WHERE id = $4 AND {Due} FOR UPDATE SKIP LOCKED", [.. Args(rules), Int(id)]))
            await using (var r = await check.ExecuteReaderAsync(ct))
            {
                // Paid, confirmed, approved or cancelled meanwhile, or another instance has it.
                if (!await r.ReadAsync(ct)) continue;
            }
            // The workflow queues the owner's one "cancelled by expiry" message (OrderNotices) with the customer's.
            var result = await OrderWorkflow.TransitionAsync(db, id, OrderStatuses.Cancelled, "system: expiry", ct,
                expectedStatus: OrderStatuses.Pending, cancelledBy: OrderNotices.CancelledBy.Expiry, reason: "expired");
            if (!result.Ok) continue;
            await tx.CommitAsync(ct);
            expired.Add(id);
        }
        return expired;
    }

    /// <summary>
    /// A card/Stars order an admin confirmed is not cancelled by the system (the admin took it on: they may have
    /// agreed another way to pay), but neither may it hold its stock unnoticed: once it is still unpaid after
    /// the unpaid timeout (and no payment is on its way), the owner is reminded, once, with the order's buttons
    /// (cancel among them). The order is marked and the reminder queued in one transaction; its stock stays held.
    /// </summary>
    /// <returns>The ids of the orders the owner is reminded of.</returns>
    public static async Task<IReadOnlyList<int>> RemindUnpaidConfirmedAsync(StoreDb db, ExpiryRules rules, int limit, CancellationToken ct)
    {
        var conn = Connection(db);
        if (conn.State != System.Data.ConnectionState.Open) await db.Database.OpenConnectionAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var reminded = new List<int>();
        await using (var mark = Command(conn, (NpgsqlTransaction)tx.GetDbTransaction(), """
            UPDATE orders SET unpaid_reminded_at = now()
             WHERE id IN (SELECT id FROM orders
                           WHERE status = 'confirmed' AND payment_status = 'unpaid' AND payment_method IN ('card', 'stars')
                             AND unpaid_reminded_at IS NULL AND created_at < now() - $1
                             AND (precheckout_approved_at IS NULL OR precheckout_approved_at < now() - $2)
                           ORDER BY created_at LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING id
            """, P(rules.UnpaidTimeout, NpgsqlDbType.Interval), P(rules.PreCheckoutGrace, NpgsqlDbType.Interval), Int(limit)))
        await using (var r = await mark.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) reminded.Add(r.GetInt32(0));
        foreach (var id in reminded) await OrderNotices.EnqueueOwnerUnpaidAsync(db, id, ct);
        await tx.CommitAsync(ct);
        return reminded;
    }

    private static NpgsqlParameter[] Args(ExpiryRules rules) =>
    [
        P(rules.UnpaidTimeout, NpgsqlDbType.Interval),
        P(rules.CashTimeout, NpgsqlDbType.Interval),
        P(rules.PreCheckoutGrace, NpgsqlDbType.Interval),
    ];
}
