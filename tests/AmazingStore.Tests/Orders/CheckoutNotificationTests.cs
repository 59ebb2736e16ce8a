using System.Collections.Concurrent;
using System.Net;
using AmazingStore.Tests.StoreApi;
using Npgsql;

namespace AmazingStore.Tests.Orders;

/// <summary>
/// A checkout sends its notifications after its commit (0043_deferred_notify): the NOTIFY lock must not
/// be held across the order's WAL flush, yet every listener still hears about the order.
/// </summary>
public sealed class CheckoutNotificationTests
{
    [Fact]
    public async Task A_checkout_still_tells_listeners_about_its_outbox_rows_and_the_catalog_change()
    {
        await using var host = await Shop.StartAsync();
        var a = await Shop.ProductAsync(host, "N-A", 1000, 5);
        await Shop.FillCartAsync(new Shopper(host, 3301), (a, 2));

        var heard = new ConcurrentQueue<string>();
        await using var listener = new NpgsqlConnection(host.ConnectionString);
        await listener.OpenAsync();
        listener.Notification += (_, e) => heard.Enqueue($"{e.Channel}:{e.Payload}");
        await using (var listen = new NpgsqlCommand("LISTEN outbox; LISTEN catalog", listener))
            await listen.ExecuteNonQueryAsync();

        Assert.Equal(HttpStatusCode.Created, (await Shop.PlaceAsync(host, 3301)).Status);

        // Stock changed (catalog:inventory); the products' order counts follow later, in bulk (OrderCounts).
        string[] expected = ["outbox:telegram.owner_order", "outbox:marketplace.stock_push", "catalog:inventory"];
        // Well under Outbox:PollInterval (5 s): heard because they were sent, not found by a poll.
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (!expected.All(heard.Contains) && DateTime.UtcNow < until)
            await listener.WaitAsync(TimeSpan.FromMilliseconds(100));
        Assert.All(expected, e => Assert.Contains(e, heard));
        // Collected once per transaction, not once per statement.
        Assert.Single(heard, h => h == "catalog:inventory");
    }
}
