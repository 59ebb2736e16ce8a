using AmazingStore.Data.Inventory;

namespace AmazingStore.Tests.Ledger;

public sealed class StockLedgerTests
{
    private static readonly LedgerReference Test = new("test", null, null, null);
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Two_hundred_concurrent_reservations_of_twenty_units_sell_exactly_twenty()
    {
        await using var t = await LedgerDb.CreateAsync();
        var product = await t.AddProductAsync("HOT-1", 1000, 20);

        var attempts = Enumerable.Range(0, 200).Select(async _ =>
        {
            await using var db = t.Context();
            var shorts = await StockLedger.ReserveAsync(db, [new StockLine(product, 1)], Test, None);
            return shorts.Count == 0;
        });
        var results = await Task.WhenAll(attempts).WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(20, results.Count(ok => ok));
        Assert.Equal(new StockFigures(product, 20, 20, 0), await t.FiguresAsync(product));
        Assert.Equal(20L, await t.ScalarAsync<long>("SELECT count(*) FROM inventory_movements WHERE movement_type = 'reserve'"));
        Assert.Equal(0L, await t.ScalarAsync<long>("SELECT count(*) FROM inventory WHERE quantity < 0 OR reserved_quantity < 0 OR reserved_quantity > quantity"));
        await t.AssertReconcilesAsync();
    }

    [Fact]
    public async Task A_short_line_reserves_nothing_and_is_named()
    {
        await using var t = await LedgerDb.CreateAsync();
        var a = await t.AddProductAsync("A-1", 1000, 5);
        var b = await t.AddProductAsync("B-1", 1000, 1);
        await using var db = t.Context();

        var shorts = await StockLedger.ReserveAsync(db, [new StockLine(a, 2), new StockLine(b, 3)], Test, None);

        var s = Assert.Single(shorts);
        Assert.Equal(new ShortLine(b, "B-1", "Mahsulot B-1", 3, 1), s);
        Assert.Equal(new StockFigures(a, 5, 0, 5), await t.FiguresAsync(a));
        Assert.Equal(0L, await t.ScalarAsync<long>("SELECT count(*) FROM inventory_movements WHERE movement_type = 'reserve'"));
        Assert.Equal(2L, await t.ScalarAsync<long>("SELECT count(*) FROM outbox_messages")); // the two opening adjustments only
    }

    [Fact]
    public async Task Reserve_ship_and_release_move_both_figures_and_queue_a_stock_push()
    {
        await using var t = await LedgerDb.CreateAsync();
        var p = await t.AddProductAsync("S-1", 1000, 10);
        await using var db = t.Context();

        Assert.Empty(await StockLedger.ReserveAsync(db, [new StockLine(p, 4)], Test, None));
        Assert.Equal(new StockFigures(p, 10, 4, 6), await t.FiguresAsync(p));
        await StockLedger.ShipAsync(db, [new StockLine(p, 3)], Test, None);
        Assert.Equal(new StockFigures(p, 7, 1, 6), await t.FiguresAsync(p));
        await StockLedger.ReleaseAsync(db, [new StockLine(p, 1)], Test, None);
        Assert.Equal(new StockFigures(p, 7, 0, 7), await t.FiguresAsync(p));

        var last = await t.ScalarAsync<string>(
            "SELECT movement_type || ':' || quantity_before || '>' || quantity_after || ':' || reserved_before || '>' || reserved_after FROM inventory_movements ORDER BY id DESC LIMIT 1");
        Assert.Equal("release:7>7:1>0", last);
        Assert.Equal("[" + p + "]", await t.ScalarAsync<string>(
            "SELECT payload->>'product_ids' FROM outbox_messages WHERE type = 'marketplace.stock_push' ORDER BY id DESC LIMIT 1"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => StockLedger.ReleaseAsync(db, [new StockLine(p, 1)], Test, None));
        await t.AssertReconcilesAsync();
    }

    [Fact]
    public async Task Adjust_below_reserved_or_zero_is_refused_and_writes_nothing()
    {
        await using var t = await LedgerDb.CreateAsync();
        var p = await t.AddProductAsync("ADJ-1", 1000, 10);
        await using var db = t.Context();
        Assert.Empty(await StockLedger.ReserveAsync(db, [new StockLine(p, 6)], Test, None));
        var before = await t.ScalarAsync<long>("SELECT count(*) FROM inventory_movements");

        var below = await StockLedger.AdjustAsync(db, p, -5, null, Test, None);
        var setBelow = await StockLedger.AdjustAsync(db, p, null, 5, Test, None);
        var negative = await StockLedger.AdjustAsync(db, p, null, -1, Test, None);

        Assert.Equal((false, "below_reserved"), (below.Ok, below.Error));
        Assert.Equal((false, "below_reserved"), (setBelow.Ok, setBelow.Error));
        Assert.False(negative.Ok);
        Assert.Equal(new StockFigures(p, 10, 6, 4), below.Figures);
        Assert.Equal(before, await t.ScalarAsync<long>("SELECT count(*) FROM inventory_movements"));

        var ok = await StockLedger.AdjustAsync(db, p, -4, null, Test, None);
        Assert.Equal(new StockFigures(p, 6, 6, 0), ok.Figures);
        var set = await StockLedger.AdjustAsync(db, p, null, 40, Test, None);
        Assert.Equal(new StockFigures(p, 40, 6, 34), set.Figures);
        await t.AssertReconcilesAsync();
    }

    [Fact]
    public async Task Adjust_creates_the_missing_inventory_row_and_knows_unknown_products()
    {
        await using var t = await LedgerDb.CreateAsync();
        var p = await t.AddProductAsync("NEW-1", 1000, 0);
        await using var db = t.Context();
        Assert.Equal(new StockFigures(p, 0, 0, 0), await StockLedger.GetAsync(db, p, None));

        var r = await StockLedger.AdjustAsync(db, p, 7, null, new LedgerReference("admin", 1, null, "delivery"), None);

        Assert.Equal(new StockFigures(p, 7, 0, 7), r.Figures);
        Assert.Equal("admin", await t.ScalarAsync<string>("SELECT reference_type FROM inventory_movements WHERE product_id = $1", p));
        Assert.Equal("not_found", (await StockLedger.AdjustAsync(db, 999_999, 1, null, Test, None)).Error);
        Assert.Null(await StockLedger.GetAsync(db, 999_999, None));
    }

    [Fact]
    public async Task Work_inside_the_callers_transaction_rolls_back_with_it()
    {
        await using var t = await LedgerDb.CreateAsync();
        var p = await t.AddProductAsync("TX-1", 1000, 5);
        await using var db = t.Context();
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            Assert.Empty(await StockLedger.ReserveAsync(db, [new StockLine(p, 5)], Test, None));
            await tx.RollbackAsync();
        }
        Assert.Equal(new StockFigures(p, 5, 0, 5), await t.FiguresAsync(p));
        await t.AssertReconcilesAsync();
    }

    [Fact]
    public async Task Reconcile_reports_figures_changed_behind_the_ledger()
    {
        await using var t = await LedgerDb.CreateAsync();
        var p = await t.AddProductAsync("REC-1", 1000, 5);
        await t.ScalarAsync<int>("UPDATE inventory SET quantity = 9 WHERE product_id = $1 RETURNING 1", p);
        await using var db = t.Context();
        var m = Assert.Single(await StockLedger.ReconcileAsync(db, None));
        Assert.Equal(new LedgerMismatch(p, 9, 0, 5, 0), m);
    }
}
