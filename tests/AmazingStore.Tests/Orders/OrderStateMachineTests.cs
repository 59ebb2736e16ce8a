using System.Net;
using System.Text.Json;
using AmazingStore.Data.Orders;
using AmazingStore.Tests.StoreApi;
using AmazingStore.Web.Marketplaces.Connectors;

namespace AmazingStore.Tests.Orders;

/// <summary>One table of status moves: the workflow, imports, connectors and both API replies agree with it.</summary>
public sealed class OrderStateMachineTests
{
    [Theory]
    [InlineData("pending", "delivered", "confirmed,shipped,delivered")]
    [InlineData("confirmed", "delivered", "shipped,delivered")]
    [InlineData("pending", "cancelled", "cancelled")]
    [InlineData("confirmed", "cancelled", "cancelled")]
    [InlineData("shipped", "cancelled", "")]
    [InlineData("delivered", "shipped", "")]
    [InlineData("confirmed", "pending", "")]
    [InlineData("cancelled", "confirmed", "")]
    [InlineData("shipped", "shipped", "")]
    [InlineData("pending", "no-such", "")]
    public void Imports_walk_the_table_forward_only(string from, string to, string steps)
    {
        var path = OrderStateMachine.PathTo(from, to);
        Assert.Equal(steps, string.Join(",", path.Select(p => p.To)));
        // Every step is a move the table allows, from where the previous one ended.
        var at = from;
        foreach (var (f, t) in path) { Assert.Equal(at, f); Assert.True(OrderStateMachine.CanMove(f, t)); at = t; }
    }

    [Fact]
    public void The_connectors_statuses_and_ranks_are_the_tables()
    {
        Assert.Equal(OrderStatuses.All, new[] { StoreStatus.Pending, StoreStatus.Confirmed, StoreStatus.Shipped, StoreStatus.Delivered, StoreStatus.Cancelled });
        foreach (var s in OrderStatuses.All)
        {
            Assert.Equal(OrderStateMachine.Rank(s), StoreStatus.Rank(s));
            // Moves never go to a lower rank.
            Assert.All(OrderStateMachine.Next(s), n => Assert.True(OrderStateMachine.Rank(n) > OrderStateMachine.Rank(s)));
        }
        Assert.Equal(-1, StoreStatus.Rank("lost"));
    }

    [Fact]
    public async Task Both_replies_carry_the_tables_next_steps_and_the_workflow_refuses_any_other()
    {
        await using var host = await Shop.StartAsync();
        var product = await Shop.ProductAsync(host, "SM-1", 10_000, 10);
        const long customer = 7301;
        await Shop.FillCartAsync(new Shopper(host, customer), (product, 1));
        var (placed, order) = await Shop.PlaceAsync(host, customer);
        Assert.Equal(HttpStatusCode.Created, placed);
        var id = order.GetProperty("id").GetInt32();
        Assert.True(order.GetProperty("can_cancel").GetBoolean());

        foreach (var status in new[] { "pending", "confirmed", "shipped", "delivered" })
        {
            var (_, mine) = await Shop.AsAsync(host, customer, HttpMethod.Get, $"/api/orders/{id}");
            var (_, seen) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Get, $"/api/admin/orders/{id}");
            Assert.Equal(status, seen.GetProperty("status").GetString());
            Assert.Equal(OrderStateMachine.Next(status), seen.GetProperty("next_statuses").EnumerateArray().Select(e => e.GetString()!).ToArray());
            Assert.Equal(OrderStateMachine.CanMove(status, "cancelled"), mine.GetProperty("can_cancel").GetBoolean());
            // Every status the table does not offer is refused, with the offered ones in the problem.
            foreach (var other in OrderStatuses.All.Except(OrderStateMachine.Next(status)))
            {
                var (refused, problem) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Patch, $"/api/admin/orders/{id}", new { status = other });
                Assert.Equal(HttpStatusCode.Conflict, refused);
                Assert.Equal("invalid_transition", problem.GetProperty("code").GetString());
            }
            var next = OrderStateMachine.Next(status).FirstOrDefault(s => s != "cancelled");
            if (next is null) break;
            var (moved, reply) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Patch, $"/api/admin/orders/{id}", new { status = next });
            Assert.Equal(HttpStatusCode.OK, moved);
            Assert.Equal(JsonValueKind.Array, reply.GetProperty("next_statuses").ValueKind);
        }
        Assert.Equal("delivered", await host.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", id));
    }
}
