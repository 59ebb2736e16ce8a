using AmazingStore.Data.Inventory;
using AmazingStore.Data.Orders;

namespace AmazingStore.Tests.Ledger;

public sealed class OrderWorkflowTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    private static NewOrderLine L(int product, int quantity, decimal? UnitPrice = null) => new(product, quantity, UnitPrice);

    private static NewOrder AppOrder(params NewOrderLine[] lines) =>
        new("app", "amazing-store", lines, "Ali Valiyev", "+998901234567");

    private static async Task<Order> PlacedAsync(LedgerDb t, NewOrder order)
    {
        await using var db = t.Context();
        var r = await OrderWorkflow.PlaceAsync(db, order, None);
        return Assert.IsType<PlaceResult.Placed>(r).Order;
    }

    [Fact]
    public async Task An_order_reserves_stock_with_current_prices_snapshots_a_number_and_a_notification()
    {
        await using var t = await LedgerDb.CreateAsync();
        var a = await t.AddProductAsync("P-A", 10_000, 10, salePrice: 8_000, costPrice: 5_000);
        var b = await t.AddProductAsync("P-B", 3_000, 10);

        var o = await PlacedAsync(t, AppOrder(L(a, 2), L(b, 1, UnitPrice: 2_500)) with { DeliveryFee = 1_000 });

        Assert.Matches(@"^AS-\d{6}-0001$", o.OrderNumber);
        Assert.Equal(("pending", "app", false), (o.Status, o.Source, o.NeedsAttention));
        Assert.Equal(18_500m, o.Subtotal);
        Assert.Equal(19_500m, o.Total);
        Assert.Equal([("P-A", "Mahsulot P-A", 8_000m, 2, 16_000m), ("P-B", "Mahsulot P-B", 2_500m, 1, 2_500m)],
            o.Items.Select(i => (i.ProductSku, i.ProductName, i.Price, i.Quantity, i.Subtotal)).ToArray());
        Assert.Equal(new StockFigures(a, 10, 2, 8), await t.FiguresAsync(a));
        // Order counts reach products with the next flush, not inside the order.
        Assert.Equal(0, await t.ScalarAsync<int>("SELECT order_count FROM products WHERE id = $1", a));
        Assert.Equal(2, await OrderCounts.FlushAsync(t.Source, None));
        Assert.Equal((2, 1), (await t.ScalarAsync<int>("SELECT order_count FROM products WHERE id = $1", a),
            await t.ScalarAsync<int>("SELECT order_count FROM products WHERE id = $1", b)));
        Assert.Equal(0, await OrderCounts.FlushAsync(t.Source, None));
        Assert.Equal(o.Id, await t.ScalarAsync<int>(
            "SELECT (payload->>'order_id')::int FROM outbox_messages WHERE type = 'telegram.owner_order'"));
        Assert.Equal(2L, await t.ScalarAsync<long>(
            "SELECT count(*) FROM inventory_movements WHERE movement_type = 'reserve' AND reference_type = 'order' AND reference_id = $1", o.Id));

        var next = await PlacedAsync(t, new NewOrder("uzum", "uzum", [new(a, 1)], "X", "+998900000000", MarketplaceOrderId: "U-1"));
        Assert.Matches($@"^UZ-\d{{6}}-{next.Id:D4}$", next.OrderNumber);
        var third = await PlacedAsync(t, AppOrder(L(b, 1)));
        Assert.Matches($@"^AS-\d{{6}}-{third.Id:D4}$", third.OrderNumber);
    }

    [Fact]
    public async Task A_short_order_writes_nothing_at_all()
    {
        await using var t = await LedgerDb.CreateAsync();
        var a = await t.AddProductAsync("P-A", 1000, 10);
        var b = await t.AddProductAsync("P-B", 1000, 1);
        var movements = await t.ScalarAsync<long>("SELECT count(*) FROM inventory_movements");
        await using var db = t.Context();

        var r = await OrderWorkflow.PlaceAsync(db, AppOrder(L(a, 2), L(b, 2), L(999_999, 1)), None);

        var shorts = Assert.IsType<PlaceResult.OutOfStock>(r).Lines;
        Assert.Equal([(b, 2, 1), (999_999, 1, 0)], shorts.Select(s => (s.ProductId, s.Requested, s.Available)).ToArray());
        Assert.Equal(0L, await t.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(movements, await t.ScalarAsync<long>("SELECT count(*) FROM inventory_movements"));
        Assert.Equal(0L, await t.ScalarAsync<long>("SELECT count(*) FROM order_count_deltas"));
        Assert.Equal(0, await t.ScalarAsync<int>("SELECT order_count FROM products WHERE id = $1", a));
    }

    [Fact]
    public async Task Order_counts_flushed_by_several_instances_at_once_are_each_counted_once()
    {
        await using var t = await LedgerDb.CreateAsync();
        var a = await t.AddProductAsync("P-A", 1000, 1000);
        var b = await t.AddProductAsync("P-B", 1000, 1000);
        const int Orders = 40;
        // Orders keep coming while four "instances" flush over and over.
        var placing = Task.WhenAll(Enumerable.Range(0, Orders).Select(i => PlacedAsync(t, AppOrder(L(a, 1 + i % 3), L(b, 2)))));
        var flushing = Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            for (var n = 0; n < 20; n++) await OrderCounts.FlushAsync(t.Source, None);
        }));
        await Task.WhenAll(placing, flushing);
        await OrderCounts.FlushAsync(t.Source, None);

        var expectedA = Enumerable.Range(0, Orders).Sum(i => 1 + i % 3);
        Assert.Equal(expectedA, await t.ScalarAsync<int>("SELECT order_count FROM products WHERE id = $1", a));
        Assert.Equal(2 * Orders, await t.ScalarAsync<int>("SELECT order_count FROM products WHERE id = $1", b));
        Assert.Equal(0L, await t.ScalarAsync<long>("SELECT count(*) FROM order_count_deltas"));
    }

    [Fact]
    public async Task Concurrent_multi_product_orders_in_different_orders_neither_deadlock_nor_reserve_partially()
    {
        await using var t = await LedgerDb.CreateAsync();
        int[] ids = [await t.AddProductAsync("M-1", 1000, 15), await t.AddProductAsync("M-2", 1000, 15), await t.AddProductAsync("M-3", 1000, 15)];
        var rnd = new Random(7);
        var orders = Enumerable.Range(0, 60).Select(_ => ids.OrderBy(_ => rnd.Next()).Take(rnd.Next(2, 4)).ToArray()).ToArray();

        var results = await Task.WhenAll(orders.Select(async lines =>
        {
            await using var db = t.Context();
            return await OrderWorkflow.PlaceAsync(db, AppOrder(lines.Select(p => new NewOrderLine(p, 1)).ToArray()), None);
        })).WaitAsync(TimeSpan.FromSeconds(90));

        var placed = results.OfType<PlaceResult.Placed>().Select(r => r.Order).ToList();
        Assert.Equal(results.Length, placed.Count + results.OfType<PlaceResult.OutOfStock>().Count());
        Assert.NotEmpty(placed);
        foreach (var id in ids)
        {
            var ordered = placed.Sum(o => o.Items.Where(i => i.ProductId == id).Sum(i => i.Quantity));
            var f = await t.FiguresAsync(id);
            Assert.Equal(ordered, f.Reserved);
            Assert.True(f.Available >= 0);
        }
        // Every placed order holds exactly its own lines; no order holds a part of its lines.
        Assert.Equal(placed.Sum(o => o.Items.Count), await t.ScalarAsync<long>("SELECT count(*) FROM inventory_movements WHERE movement_type = 'reserve'"));
        Assert.Equal(placed.Count, (int)await t.ScalarAsync<long>("SELECT count(DISTINCT order_number) FROM orders"));
        await t.AssertReconcilesAsync();
    }

    [Fact]
    public async Task Shipping_turns_the_reservation_into_a_decrease_and_cancelling_releases_it()
    {
        await using var t = await LedgerDb.CreateAsync();
        var p = await t.AddProductAsync("SH-1", 1000, 10);
        var user = await t.AddUserAsync(100);
        var shipped = await PlacedAsync(t, AppOrder(L(p, 3)) with { UserId = user });
        var cancelled = await PlacedAsync(t, AppOrder(L(p, 2)));
        Assert.Equal(new StockFigures(p, 10, 5, 5), await t.FiguresAsync(p));
        await using var db = t.Context();

        Assert.True((await OrderWorkflow.TransitionAsync(db, shipped.Id, "confirmed", "test", None)).Ok);
        var s = await OrderWorkflow.TransitionAsync(db, shipped.Id, "shipped", "test", None);
        Assert.True(s.Ok);
        Assert.Equal(new StockFigures(p, 7, 2, 5), await t.FiguresAsync(p));
        Assert.True((await OrderWorkflow.TransitionAsync(db, shipped.Id, "delivered", "test", None)).Ok);

        var c = await OrderWorkflow.TransitionAsync(db, cancelled.Id, "cancelled", "test", None);
        Assert.True(c.Ok);
        Assert.NotNull(c.Order!.CancelledAt);
        Assert.Equal(new StockFigures(p, 7, 0, 7), await t.FiguresAsync(p));

        var delivered = await t.Context().Orders.FindAsync(shipped.Id);
        Assert.NotNull(delivered!.ConfirmedAt);
        Assert.NotNull(delivered.DeliveredAt);
        Assert.Equal("confirmed,shipped,delivered", await t.ScalarAsync<string>(
            "SELECT string_agg(payload->>'status', ',' ORDER BY id) FROM outbox_messages WHERE type = 'telegram.customer_status'"));
        await t.AssertReconcilesAsync();
    }

    [Theory]
    [InlineData(new string[0], "shipped")]
    [InlineData(new string[0], "delivered")]
    [InlineData(new string[0], "pending")]
    [InlineData(new string[0], "lost")]
    [InlineData(new[] { "confirmed" }, "confirmed")]
    [InlineData(new[] { "confirmed" }, "delivered")]
    [InlineData(new[] { "confirmed", "shipped" }, "cancelled")]
    [InlineData(new[] { "confirmed", "shipped" }, "confirmed")]
    [InlineData(new[] { "confirmed", "shipped", "delivered" }, "cancelled")]
    [InlineData(new[] { "cancelled" }, "confirmed")]
    [InlineData(new[] { "cancelled" }, "cancelled")]
    public async Task Illegal_transitions_are_refused_and_change_nothing(string[] path, string illegal)
    {
        await using var t = await LedgerDb.CreateAsync();
        var p = await t.AddProductAsync("IT-1", 1000, 10);
        var o = await PlacedAsync(t, AppOrder(L(p, 2)));
        await using var db = t.Context();
        foreach (var step in path) Assert.True((await OrderWorkflow.TransitionAsync(db, o.Id, step, "test", None)).Ok);
        var figures = await t.FiguresAsync(p);
        var movements = await t.ScalarAsync<long>("SELECT count(*) FROM inventory_movements");

        var r = await OrderWorkflow.TransitionAsync(db, o.Id, illegal, "test", None);

        Assert.Equal((false, "invalid_transition"), (r.Ok, r.Error));
        Assert.Equal(path.LastOrDefault() ?? "pending", await t.ScalarAsync<string>("SELECT status FROM orders WHERE id = $1", o.Id));
        Assert.Equal(figures, await t.FiguresAsync(p));
        Assert.Equal(movements, await t.ScalarAsync<long>("SELECT count(*) FROM inventory_movements"));
    }

    [Fact]
    public async Task A_stale_expected_status_and_an_unknown_order_fail()
    {
        await using var t = await LedgerDb.CreateAsync();
        var p = await t.AddProductAsync("ST-1", 1000, 10);
        var o = await PlacedAsync(t, AppOrder(L(p, 1)));
        await using var db = t.Context();
        Assert.True((await OrderWorkflow.TransitionAsync(db, o.Id, "confirmed", "owner", None, expectedStatus: "pending")).Ok);

        var stale = await OrderWorkflow.TransitionAsync(db, o.Id, "cancelled", "owner", None, expectedStatus: "pending");

        Assert.Equal((false, "stale"), (stale.Ok, stale.Error));
        Assert.Equal("confirmed", stale.Order!.Status);
        Assert.Equal("not_found", (await OrderWorkflow.TransitionAsync(db, 999_999, "confirmed", "owner", None)).Error);
        Assert.Equal(["confirmed", "cancelled"], OrderWorkflow.NextStatuses("pending"));
        Assert.Equal(["shipped", "cancelled"], OrderWorkflow.NextStatuses("confirmed"));
        Assert.Equal(["delivered"], OrderWorkflow.NextStatuses("shipped"));
        Assert.Empty(OrderWorkflow.NextStatuses("delivered"));
        Assert.Empty(OrderWorkflow.NextStatuses("cancelled"));
    }

    [Fact]
    public async Task The_same_marketplace_order_imported_concurrently_is_recorded_once()
    {
        await using var t = await LedgerDb.CreateAsync();
        var p = await t.AddProductAsync("DUP-1", 1000, 10);
        var import = new NewOrder("wildberries", "wildberries", [new(p, 2)], "WB buyer", "+70000000000", MarketplaceOrderId: "WB-777");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            await using var db = t.Context();
            return await OrderWorkflow.PlaceAsync(db, import, None);
        })).WaitAsync(TimeSpan.FromSeconds(60));
        await using var again = t.Context();
        var later = await OrderWorkflow.PlaceAsync(again, import, None);

        var placed = Assert.Single(results.OfType<PlaceResult.Placed>()).Order;
        Assert.All(results.OfType<PlaceResult.AlreadyExists>().Append(later), r => Assert.Equal(placed.Id, Assert.IsType<PlaceResult.AlreadyExists>(r).Order.Id));
        Assert.Equal(1L, await t.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.StartsWith("WB-", placed.OrderNumber);
        Assert.Equal(new StockFigures(p, 10, 2, 8), await t.FiguresAsync(p));
    }

    [Fact]
    public async Task KeepWhenShort_records_a_flagged_order_reserving_only_the_lines_that_are_there()
    {
        await using var t = await LedgerDb.CreateAsync();
        var ok = await t.AddProductAsync("K-OK", 1000, 5);
        var low = await t.AddProductAsync("K-LOW", 1000, 1);
        var import = new NewOrder("ozon", "ozon",
            [new(ok, 2), new(low, 3), new(null, 1, UnitPrice: 700, ExternalSku: "OZ-SKU-9", ExternalName: "Unknown thing")],
            "Ozon buyer", "+70000000001", MarketplaceOrderId: "OZ-1", KeepWhenShort: true, ExternalStatus: "awaiting_packaging");

        var o = await PlacedAsync(t, import);

        Assert.True(o.NeedsAttention);
        Assert.Contains("K-LOW", o.AttentionReason);
        Assert.Contains("OZ-SKU-9", o.AttentionReason);
        Assert.Equal("awaiting_packaging", o.ExternalStatus);
        Assert.Equal(3, o.Items.Count);
        var unmapped = o.Items.Single(i => i.ProductId is null);
        Assert.Equal(("Unknown thing", "OZ-SKU-9", 700m), (unmapped.ProductName, unmapped.ExternalSku, unmapped.Price));
        Assert.Equal(new StockFigures(ok, 5, 2, 3), await t.FiguresAsync(ok));
        Assert.Equal(new StockFigures(low, 1, 0, 1), await t.FiguresAsync(low));

        await using var db = t.Context();
        Assert.True((await OrderWorkflow.TransitionAsync(db, o.Id, "cancelled", "bot", None)).Ok);
        Assert.Equal(new StockFigures(ok, 5, 0, 5), await t.FiguresAsync(ok));
        Assert.Equal(new StockFigures(low, 1, 0, 1), await t.FiguresAsync(low));
        await t.AssertReconcilesAsync();
    }

    [Fact]
    public async Task Placing_inside_the_callers_transaction_commits_or_rolls_back_with_it()
    {
        await using var t = await LedgerDb.CreateAsync();
        var p = await t.AddProductAsync("CT-1", 1000, 3);
        await using var db = t.Context();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            Assert.IsType<PlaceResult.OutOfStock>(await OrderWorkflow.PlaceAsync(db, AppOrder(L(p, 4)), None));
            // The transaction is still usable after an undone attempt.
            Assert.IsType<PlaceResult.Placed>(await OrderWorkflow.PlaceAsync(db, AppOrder(L(p, 3)), None));
            await tx.RollbackAsync();
        }
        Assert.Equal(0L, await t.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(new StockFigures(p, 3, 0, 3), await t.FiguresAsync(p));
    }
}
