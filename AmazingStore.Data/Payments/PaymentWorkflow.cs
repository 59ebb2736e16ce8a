using System.Security.Cryptography;
using System.Text.Json;
using AmazingStore.Data.Orders;
using AmazingStore.Data.Outbox;
using Npgsql;
using static AmazingStore.Data.DbTransactions;

namespace AmazingStore.Data.Payments;

/// <summary>
/// The one owner of an order's money: arming an invoice, the pre-checkout check, recording a payment
/// and refunding it. It is the only writer of <c>payment_status</c> (<see cref="MovePayment"/>, by
/// <see cref="OrderStateMachine.NextPayment"/>: unpaid → paid → refunded), called by the API, the bot and
/// the order workflow alike. Each call is one transaction with the order row locked, so a payment, a
/// pre-checkout answer, a cancel and the expiry never interleave on one order.
/// </summary>
public static class PaymentWorkflow
{
    /// <summary>
    /// Gives the order an invoice payload (random, kept across fresh links) and records what the invoice
    /// asks for. Null when the order is no longer pending and unpaid.
    /// </summary>
    public static Task<string?> ArmInvoiceAsync(StoreDb db, int orderId, string currency, long amount, CancellationToken ct) =>
        RunAsync(db, async (conn, tx) =>
        {
            await using var cmd = Command(conn, tx, """
                UPDATE orders SET invoice_payload = COALESCE(invoice_payload, $2), invoice_currency = $3, invoice_amount = $4
                 WHERE id = $1 AND status = 'pending' AND payment_status = 'unpaid'
                RETURNING invoice_payload
                """, Int(orderId), Text(NewPayload()), Text(currency), Long(amount));
            return await cmd.ExecuteScalarAsync(ct) as string;
        }, ct);

    /// <summary>
    /// 24 random bytes: nothing about the order can be read from it or guessed, and Telegram hands it
    /// back verbatim (1–128 bytes allowed).
    /// </summary>
    private static string NewPayload() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');

    /// <summary>
    /// Telegram's last question before it charges: ok only for our payload, paid by the order's customer,
    /// for an order still pending and unpaid whose reservation holds, at exactly the invoiced currency and
    /// amount. An approval is recorded, so the expiry leaves the order alone while the payment is on its way.
    /// </summary>
    public static Task<PreCheckoutVerdict> CheckPreCheckoutAsync(StoreDb db, string payload, long payerTelegramId, string currency,
        long totalAmount, CancellationToken ct) =>
        RunAsync(db, async (conn, tx) =>
        {
            // Telegram waits 10 s for the answer: an order row held longer (a refund waiting on Telegram) makes
            // this fail fast, and the caller answers "try again" in time.
            await using (var limit = Command(conn, tx, "SET LOCAL lock_timeout = '3s'")) await limit.ExecuteNonQueryAsync(ct);
            int orderId; string status, paymentStatus; string? invoiceCurrency, language; long? invoiceAmount, customer;
            await using (var read = Command(conn, tx, """
                SELECT o.id, o.status, o.payment_status, o.invoice_currency, o.invoice_amount, u.telegram_id, u.language
                  FROM orders o LEFT JOIN users u ON u.id = o.user_id
                 WHERE o.invoice_payload = $1
                   FOR UPDATE OF o
                """, Text(payload)))
            await using (var r = await read.ExecuteReaderAsync(ct))
            {
                if (!await r.ReadAsync(ct)) return new PreCheckoutVerdict(false, PreCheckoutRefusals.Unknown, null);
                orderId = r.GetInt32(0);
                status = r.GetString(1);
                paymentStatus = r.GetString(2);
                invoiceCurrency = r.IsDBNull(3) ? null : r.GetString(3);
                invoiceAmount = r.IsDBNull(4) ? null : r.GetInt64(4);
                customer = r.IsDBNull(5) ? null : r.GetInt64(5);
                language = r.IsDBNull(6) ? null : r.GetString(6);
            }
            string? refusal = null;
            if (customer != payerTelegramId) refusal = PreCheckoutRefusals.NotPayer;
            else if (status != OrderStatuses.Pending || paymentStatus != PaymentStatuses.Unpaid) refusal = PreCheckoutRefusals.NotPayable;
            else if (currency != invoiceCurrency || totalAmount != invoiceAmount) refusal = PreCheckoutRefusals.Amount;
            else if (!await ReservationHoldsAsync(conn, tx, orderId, ct)) refusal = PreCheckoutRefusals.Stock;
            if (refusal is not null) return new PreCheckoutVerdict(false, refusal, language, orderId);

            await using (var approve = Command(conn, tx, "UPDATE orders SET precheckout_approved_at = now() WHERE id = $1", Int(orderId)))
                await approve.ExecuteNonQueryAsync(ct);
            return new PreCheckoutVerdict(true, null, language, orderId);
        }, ct);

    /// <summary>Every line's units are still reserved under the order in the ledger (reserve − release − ship).</summary>
    private static async Task<bool> ReservationHoldsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, int orderId, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, """
            SELECT COALESCE(bool_and(COALESCE(r.held, 0) >= i.qty), true)
              FROM (SELECT product_id, SUM(quantity) AS qty FROM order_items
                     WHERE order_id = $1 AND product_id IS NOT NULL GROUP BY product_id) i
              LEFT JOIN (SELECT product_id, SUM(reserved_change) AS held FROM inventory_movements
                          WHERE reference_type = 'order' AND reference_id = $1 GROUP BY product_id) r USING (product_id)
            """, Int(orderId));
        return await cmd.ExecuteScalarAsync(ct) is true;
    }

    /// <summary>
    /// A successful_payment: recorded once per telegram_payment_charge_id (a repeat changes nothing). It pays
    /// the order when the order can still take it; otherwise (expired, cancelled, paid already, amount not the
    /// invoice's, no such order) it is kept as a late payment, the order flagged for refund and the owner alerted.
    /// </summary>
    public static Task<PaymentRecordResult> RecordAsync(StoreDb db, ReceivedPayment p, CancellationToken ct) =>
        RunAsync(db, async (conn, tx) =>
        {
            int? orderId = null; string? status = null, paymentStatus = null, invoiceCurrency = null; long? invoiceAmount = null; int? userId = null;
            await using (var read = Command(conn, tx, """
                SELECT id, status, payment_status, invoice_currency, invoice_amount, user_id FROM orders WHERE invoice_payload = $1 FOR UPDATE
                """, Text(p.Payload)))
            await using (var r = await read.ExecuteReaderAsync(ct))
                if (await r.ReadAsync(ct))
                {
                    orderId = r.GetInt32(0);
                    status = r.GetString(1);
                    paymentStatus = r.GetString(2);
                    invoiceCurrency = r.IsDBNull(3) ? null : r.GetString(3);
                    invoiceAmount = r.IsDBNull(4) ? null : r.GetInt64(4);
                    userId = r.IsDBNull(5) ? null : r.GetInt32(5);
                }

            var fits = orderId is not null && OrderStateMachine.IsOpen(status!) && paymentStatus == PaymentStatuses.Unpaid
                       && p.Currency == invoiceCurrency && p.TotalAmount == invoiceAmount;
            long paymentId;
            await using (var insert = Command(conn, tx, """
                INSERT INTO order_payments (order_id, invoice_payload, currency, total_amount, payer_telegram_id,
                                            telegram_payment_charge_id, provider_payment_charge_id, late)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (telegram_payment_charge_id) DO NOTHING
                RETURNING id
                """, Int(orderId), Text(Cut(p.Payload, 128)), Text(Cut(p.Currency, 3)), Long(p.TotalAmount), Long(p.PayerTelegramId),
                Text(p.TelegramChargeId), Text(p.ProviderChargeId), P(!fits, NpgsqlTypes.NpgsqlDbType.Boolean)))
            {
                if (await insert.ExecuteScalarAsync(ct) is not long id) return new PaymentRecordResult(PaymentOutcome.Duplicate, orderId);
                paymentId = id;
            }

            await using var batch = new NpgsqlBatch(conn, tx);
            if (fits)
            {
                batch.BatchCommands.Add(MovePayment(orderId!.Value, PaymentStatuses.Unpaid, PaymentStatuses.Paid));
                if (userId is not null) batch.BatchCommands.Add(CustomerEvent(orderId.Value, "paid", paymentId));
                batch.BatchCommands.Add(OwnerEvent(orderId.Value, "paid", paymentId));
            }
            else if (orderId is { } id)
            {
                // Money is in: an unpaid order becomes paid (so that refunding it is the one move left), and flagged.
                if (paymentStatus == PaymentStatuses.Unpaid) batch.BatchCommands.Add(MovePayment(id, PaymentStatuses.Unpaid, PaymentStatuses.Paid));
                batch.BatchCommands.Add(BatchCommand("UPDATE orders SET needs_refund = true WHERE id = $1", Int(id)));
                if (userId is not null) batch.BatchCommands.Add(CustomerEvent(id, "late", paymentId));
                batch.BatchCommands.Add(OwnerEvent(id, "needs_refund", paymentId));
            }
            else
            {
                batch.BatchCommands.Add(OutboxWriter.Command(OutboxTypes.OwnerPaymentNotification,
                    JsonSerializer.Serialize(new { order_id = (int?)null, @event = "needs_refund", payment_id = paymentId }), $"owner_payment:unknown:{paymentId}"));
            }
            await batch.ExecuteNonQueryAsync(ct);
            return new PaymentRecordResult(fits ? PaymentOutcome.Paid : orderId is null ? PaymentOutcome.Unknown : PaymentOutcome.Late, orderId, paymentId);
        }, ct);

    /// <summary>
    /// Refunds what the order holds: a second payment of an order still being fulfilled refunds only the extra
    /// money (the order stays paid); otherwise every payment not yet refunded is, and the order moves
    /// paid → refunded. Stars go back through <paramref name="refundStars"/> (Telegram's refundStarPayment);
    /// provider payments are refunded in the provider's cabinet, so they are recorded only. A Telegram failure
    /// keeps what was refunded before it and reports Failed.
    /// </summary>
    public static Task<RefundResult> RefundAsync(StoreDb db, int orderId, string actor, string? reason,
        Func<OrderPaymentRow, CancellationToken, Task> refundStars, CancellationToken ct) =>
        RunAsync<RefundResult>(db, async (conn, tx) =>
        {
            string status, paymentStatus; bool needsRefund; int? userId;
            await using (var read = Command(conn, tx, "SELECT status, payment_status, needs_refund, user_id FROM orders WHERE id = $1 FOR UPDATE", Int(orderId)))
            await using (var r = await read.ExecuteReaderAsync(ct))
            {
                if (!await r.ReadAsync(ct)) return new RefundResult.NotFound();
                status = r.GetString(0);
                paymentStatus = r.GetString(1);
                needsRefund = r.GetBoolean(2);
                userId = r.IsDBNull(3) ? null : r.GetInt32(3);
            }
            var open = new List<OrderPaymentRow>();
            await using (var read = Command(conn, tx, """
                SELECT id, currency, total_amount, payer_telegram_id, telegram_payment_charge_id, provider_payment_charge_id, late
                  FROM order_payments WHERE order_id = $1 AND refunded_at IS NULL ORDER BY id
                """, Int(orderId)))
            await using (var r = await read.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct))
                    open.Add(new OrderPaymentRow(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.GetInt64(3), r.GetString(4),
                        r.IsDBNull(5) ? null : r.GetString(5), r.GetBoolean(6)));

            var keepOrderPaid = OrderStateMachine.IsOpen(status) && paymentStatus == PaymentStatuses.Paid
                                && open.Any(x => !x.Late) && open.Any(x => x.Late);
            List<OrderPaymentRow> refund;
            if (keepOrderPaid) refund = open.Where(x => x.Late).ToList();
            else if (OrderStateMachine.CanMovePayment(paymentStatus, PaymentStatuses.Refunded)) refund = open;
            else if (needsRefund && open.Count > 0) refund = open;
            else return new RefundResult.NotRefundable(paymentStatus);

            string? failure = null;
            var done = new List<long>();
            foreach (var payment in refund)
            {
                if (payment.Currency == StarsCurrency)
                {
                    try { await refundStars(payment, ct); }
                    catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                    {
                        failure = e.Message;
                        break;
                    }
                }
                done.Add(payment.Id);
            }

            await using var batch = new NpgsqlBatch(conn, tx);
            if (done.Count > 0)
                batch.BatchCommands.Add(BatchCommand("""
                    UPDATE order_payments SET refunded_at = now(), refunded_by = $2, refund_reason = $3 WHERE id = ANY($1)
                    """, P(done.ToArray(), NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Bigint), Text(Cut(actor, 255)), Text(reason)));
            var all = failure is null;
            if (all)
            {
                if (!keepOrderPaid && paymentStatus == PaymentStatuses.Paid)
                    batch.BatchCommands.Add(MovePayment(orderId, PaymentStatuses.Paid, PaymentStatuses.Refunded));
                batch.BatchCommands.Add(BatchCommand("UPDATE orders SET needs_refund = false WHERE id = $1", Int(orderId)));
                var key = string.Join('-', done);
                if (userId is not null) batch.BatchCommands.Add(CustomerEvent(orderId, "refunded", key));
                batch.BatchCommands.Add(OwnerEvent(orderId, "refunded", key));
            }
            if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(ct);
            if (!all) return new RefundResult.Failed(failure!, done.Count);
            return new RefundResult.Refunded((await OrderWorkflow.FindAsync(db, orderId, ct))!, done.Count, keepOrderPaid);
        }, ct);

    public const string StarsCurrency = "XTR";

    /// <summary>
    /// The one statement that writes payment_status: only a move the state machine allows, and only from
    /// the status the caller read under the row lock.
    /// </summary>
    private static NpgsqlBatchCommand MovePayment(int orderId, string from, string to)
    {
        if (!OrderStateMachine.CanMovePayment(from, to)) throw new InvalidOperationException($"payment_status cannot move {from} → {to}.");
        return BatchCommand("""
            UPDATE orders SET payment_status = $3,
                paid_at = CASE WHEN $3 = 'paid' THEN now() ELSE paid_at END,
                refunded_at = CASE WHEN $3 = 'refunded' THEN now() ELSE refunded_at END
             WHERE id = $1 AND payment_status = $2
            """, Int(orderId), Text(from), Text(to));
    }

    /// <summary>For the order workflow: a paid order was cancelled, so its money is to be refunded.</summary>
    internal static void AddNeedsRefund(NpgsqlBatch batch, int orderId)
    {
        batch.BatchCommands.Add(BatchCommand("UPDATE orders SET needs_refund = true WHERE id = $1", Int(orderId)));
        batch.BatchCommands.Add(OwnerEvent(orderId, "needs_refund", "cancelled"));
    }

    internal static NpgsqlBatchCommand OwnerEvent(int orderId, string @event, object key) =>
        OutboxWriter.Command(OutboxTypes.OwnerPaymentNotification,
            JsonSerializer.Serialize(new { order_id = orderId, @event }), $"owner_payment:{orderId}:{@event}:{key}");

    private static NpgsqlBatchCommand CustomerEvent(int orderId, string @event, object key) =>
        OutboxWriter.Command(OutboxTypes.CustomerPaymentNotification,
            JsonSerializer.Serialize(new { order_id = orderId, @event }), $"customer_payment:{orderId}:{@event}:{key}");

    private static NpgsqlParameter Long(long? value) => P(value, NpgsqlTypes.NpgsqlDbType.Bigint);

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
