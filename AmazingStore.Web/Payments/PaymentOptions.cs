namespace AmazingStore.Web.Payments;

/// <summary>The Payments:* configuration keys (README).</summary>
public sealed class PaymentOptions
{
    /// <summary>Telegram Payments provider token from BotFather (Click, Payme, … in UZS); empty = no <c>card</c>.</summary>
    public string ProviderToken { get; set; } = "";
    /// <summary>Telegram Stars (<c>XTR</c>); needs <see cref="UzsPerStar"/> too.</summary>
    public bool StarsEnabled { get; set; }
    /// <summary>The so'm value of one star: an order of T so'm costs ⌈T / UzsPerStar⌉ stars.</summary>
    public decimal UzsPerStar { get; set; }
    /// <summary>An unpaid card/Stars order is cancelled after this.</summary>
    public int UnpaidTimeoutMinutes { get; set; } = 30;
    /// <summary>An order whose pre_checkout_query was approved this recently is never expired (the payment is on its way).</summary>
    public int PreCheckoutGraceMinutes { get; set; } = 10;
    /// <summary>How often the expiry looks for due orders.</summary>
    public int ExpiryCheckSeconds { get; set; } = 60;
    /// <summary>
    /// Orders:UnconfirmedCashExpiryMinutes (issue 17): a cash order still unconfirmed after this is cancelled; 0 = never.
    /// Read from the Orders section, kept here because the one expiry applies both.
    /// </summary>
    public int UnconfirmedCashExpiryMinutes { get; set; } = 1440;
}
