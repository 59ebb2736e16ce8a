namespace AmazingStore.Data.Inventory;

/// <summary>Stock expressions that several queries share, written once.</summary>
public static class StockSql
{
    /// <summary>
    /// Units a customer can still buy, from the inventory row aliased <c>i</c>: its generated column
    /// (on hand less reserved, never below zero), zero when the product has no inventory row (a LEFT JOIN's nulls).
    /// </summary>
    public const string Available = "COALESCE(i.available, 0)";
}
