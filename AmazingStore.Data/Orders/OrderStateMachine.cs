namespace AmazingStore.Data.Orders;

/// <summary>
/// The one table of order status moves. The workflow enforces it, the admin API and the bot offer its
/// next steps as buttons (the Mini App reads them from the API), and marketplace imports walk it
/// forward to a marketplace's status. Anything that needs to know "can this order go there" asks here.
/// </summary>
public static class OrderStateMachine
{
    public static IReadOnlyList<string> Next(string status) => status switch
    {
        OrderStatuses.Pending => [OrderStatuses.Confirmed, OrderStatuses.Cancelled],
        OrderStatuses.Confirmed => [OrderStatuses.Shipped, OrderStatuses.Cancelled],
        OrderStatuses.Shipped => [OrderStatuses.Delivered],
        _ => [],
    };

    /// <summary>
    /// After-sale moves: legal, but not a next step of the fulfilment flow (<see cref="Next"/>, which buttons and
    /// imports walk), because each needs a decision the status alone does not carry — a return puts the units
    /// back into stock or writes them off (OrderWorkflow.TransitionAsync's restock).
    /// </summary>
    public static IReadOnlyList<string> AfterSale(string status) => status switch
    {
        OrderStatuses.Delivered => [OrderStatuses.Returned],
        _ => [],
    };

    public static bool CanMove(string from, string to) => Next(from).Contains(to) || AfterSale(from).Contains(to);

    /// <summary>payment_status moves forward only: unpaid → paid → refunded (PaymentWorkflow asks here).</summary>
    public static IReadOnlyList<string> NextPayment(string paymentStatus) => paymentStatus switch
    {
        PaymentStatuses.Unpaid => [PaymentStatuses.Paid],
        PaymentStatuses.Paid => [PaymentStatuses.Refunded],
        _ => [],
    };

    public static bool CanMovePayment(string from, string to) => NextPayment(from).Contains(to);

    /// <summary>An order that can still be fulfilled, so a payment for it is kept (not refunded).</summary>
    public static bool IsOpen(string status) => status is OrderStatuses.Pending or OrderStatuses.Confirmed;

    /// <summary>How far along a status is (<see cref="OrderStatuses.Known"/> is in that order; unknown is -1): a later rank never moves back.</summary>
    public static int Rank(string status)
    {
        for (var i = 0; i < OrderStatuses.Known.Count; i++)
            if (OrderStatuses.Known[i] == status) return i;
        return -1;
    }

    /// <summary>
    /// The moves that take an order from <paramref name="from"/> to <paramref name="to"/> (fewest first), or
    /// none when the table has no way there: a marketplace saying "cancelled" about an order we shipped
    /// leaves it shipped, and nothing goes back.
    /// </summary>
    public static IReadOnlyList<(string From, string To)> PathTo(string from, string to)
    {
        var cameFrom = new Dictionary<string, string> { [from] = "" };
        var queue = new Queue<string>([from]);
        while (queue.Count > 0 && !cameFrom.ContainsKey(to))
        {
            var at = queue.Dequeue();
            foreach (var next in Next(at))
                if (cameFrom.TryAdd(next, at)) queue.Enqueue(next);
        }
        if (from == to || !cameFrom.ContainsKey(to)) return [];
        var path = new List<(string, string)>();
        for (var at = to; at != from; at = cameFrom[at]) path.Add((cameFrom[at], at));
        path.Reverse();
        return path;
    }
}
