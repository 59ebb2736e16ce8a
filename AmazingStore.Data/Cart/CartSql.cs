namespace AmazingStore.Data.Cart;

/// <summary>SQL that the cart's writers and the checkout share.</summary>
public static class CartSql
{
    /// <summary>
    /// cart_items is small and churns (every checkout deletes its lines), so its statistics swing between
    /// "empty" and thousands of dead rows. Plans made at an "empty" moment scan the whole table — 35 to 60
    /// pages per statement under the checkout benchmark — and, cached on the pooled connection, go on doing
    /// so as it grows. Transactions that read one user's cart therefore walk the (user_id, product_id)
    /// index whatever the statistics say: an expression for their first SELECT, local to the transaction.
    /// </summary>
    public const string ByIndex = "set_config('enable_seqscan', 'off', true)";
}
