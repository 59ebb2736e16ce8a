namespace AmazingStore.Data.Orders;

/// <summary>Per-prefix, per-day counter behind readable order numbers like AS-260121-0042. Table <c>order_number_counters</c>. Times are UTC.</summary>
public class OrderNumberCounter
{
    public string Prefix { get; set; } = "";
    public DateOnly Day { get; set; }
    public int LastValue { get; set; }
}
