using AmazingStore.Data.Orders;

namespace AmazingStore.Data.Payments;

/// <summary>Why a pre_checkout_query was refused (the bot words it in the customer's language).</summary>
public static class PreCheckoutRefusals
{
    /// <summary>The payload names no order of ours.</summary>
    public const string Unknown = "unknown";
    /// <summary>Someone other than the order's customer is paying.</summary>
    public const string NotPayer = "not_payer";
    /// <summary>The order is cancelled (or expired), paid already, or past pending.</summary>
    public const string NotPayable = "not_payable";
    /// <summary>Currency or total_amount differ from the invoice.</summary>
    public const string Amount = "amount";
    /// <summary>The order's reservation no longer holds.</summary>
    public const string Stock = "stock";
}

/// <param name="Refusal">One of <see cref="PreCheckoutRefusals"/>; null when Ok.</param>
/// <param name="CustomerLanguage">users.language of the order's customer, when known.</param>
public sealed record PreCheckoutVerdict(bool Ok, string? Refusal, string? CustomerLanguage, int? OrderId = null);

/// <summary>A successful_payment as Telegram delivered it.</summary>
public sealed record ReceivedPayment(string Payload, long PayerTelegramId, string Currency, long TotalAmount,
    string TelegramChargeId, string? ProviderChargeId);

public enum PaymentOutcome
{
    /// <summary>The order is paid now.</summary>
    Paid,
    /// <summary>This charge was recorded before: nothing changed.</summary>
    Duplicate,
    /// <summary>Recorded, but the order could not take it: flagged for refund, owner alerted.</summary>
    Late,
    /// <summary>Recorded; the payload names no order. The owner is alerted.</summary>
    Unknown,
}

public sealed record PaymentRecordResult(PaymentOutcome Outcome, int? OrderId, long? PaymentId = null);

/// <summary>One order_payments row not yet refunded.</summary>
public sealed record OrderPaymentRow(long Id, string Currency, long TotalAmount, long PayerTelegramId, string TelegramChargeId,
    string? ProviderChargeId, bool Late);

public abstract record RefundResult
{
    private RefundResult() { }

    /// <param name="Payments">How many payments were refunded.</param>
    /// <param name="OrderStaysPaid">Only an extra (late) payment went back; the order keeps its own.</param>
    public sealed record Refunded(Order Order, int Payments, bool OrderStaysPaid) : RefundResult;

    public sealed record NotFound : RefundResult;

    /// <summary>Nothing to refund: the order is not paid (or refunded already).</summary>
    public sealed record NotRefundable(string PaymentStatus) : RefundResult;

    /// <summary>Telegram refused or did not answer; <paramref name="Done"/> payments before it were refunded and kept.</summary>
    public sealed record Failed(string Message, int Done) : RefundResult;
}
