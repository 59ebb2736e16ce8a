using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Data.Orders;

/// <summary>
/// The admins' order search: a fragment of the order number, the customer's name or phone, through one
/// trigram index over the three (migration 0057); <c>flagged</c> = orders kept for a human
/// (<c>needs_attention</c>: a marketplace line that maps to no product, or one short of stock), read
/// through their partial index.
/// </summary>
public static class OrderSearch
{
    /// <summary>The indexed expression; a query must spell it the same way for the planner to use the index.</summary>
    public const string Text = "(order_number || ' ' || customer_name || ' ' || customer_phone)";

    public static IQueryable<Order> Matching(StoreDb db, string? search, bool? flagged)
    {
        IQueryable<Order> q;
        if (string.IsNullOrWhiteSpace(search)) q = db.Orders;
        else
        {
            var term = search.Trim();
            // "+998 90 123-45-67" finds the phone as the store keeps it (Phone.Normalize drops spaces and dashes).
            var compact = string.Concat(term.Where(c => !char.IsWhiteSpace(c) && c != '-'));
            q = db.Orders.FromSqlRaw($"SELECT * FROM orders WHERE {Text} ILIKE {{0}} OR {Text} ILIKE {{1}}",
                ContainsPattern(term), ContainsPattern(compact));
        }
        if (flagged is { } f) q = q.Where(o => o.NeedsAttention == f);
        return q;
    }

    /// <summary>A search term as an ILIKE pattern that matches it literally anywhere.</summary>
    public static string ContainsPattern(string term) =>
        "%" + term.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_") + "%";
}
