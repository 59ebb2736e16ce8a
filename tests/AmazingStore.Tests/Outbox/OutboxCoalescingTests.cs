using AmazingStore.Data.Outbox;
using AmazingStore.Data.Signals;
using AmazingStore.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Tests.Outbox;

public sealed class OutboxCoalescingTests
{
    private sealed class CountingHandler(string type, bool coalesces, int failFirst = 0) : IOutboxHandler
    {
        public int Calls;
        public string Type => type;
        public bool Coalesces => coalesces;
        public Task HandleAsync(OutboxItem item, CancellationToken ct) =>
            Interlocked.Increment(ref Calls) <= failFirst ? throw new InvalidOperationException("peer down") : Task.CompletedTask;
    }

    private static async Task<(long Done, long Pending)> RunAsync(NpgsqlDataSource ds, CountingHandler handler, int rows)
    {
        await using (var insert = ds.CreateCommand("INSERT INTO outbox_messages (type, payload) SELECT $1, '{}' FROM generate_series(1, $2)"))
        {
            insert.Parameters.AddWithValue(handler.Type);
            insert.Parameters.AddWithValue(rows);
            await insert.ExecuteNonQueryAsync();
        }
        var options = Options.Create(new OutboxOptions { PollInterval = TimeSpan.FromMilliseconds(50), BaseDelay = TimeSpan.FromMilliseconds(50) });
        using var signals = new DbSignals(ds, NullLogger<DbSignals>.Instance);
        using var dispatcher = new OutboxDispatcher(ds, [handler], signals, options, TimeProvider.System, NullLogger<OutboxDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        long done;
        do
        {
            await Task.Delay(50);
            await using var count = ds.CreateCommand("SELECT count(*) FROM outbox_messages WHERE status = 'done'");
            done = (long)(await count.ExecuteScalarAsync())!;
        } while (done < rows && DateTime.UtcNow < deadline);
        await dispatcher.StopAsync(CancellationToken.None);
        await using var pending = ds.CreateCommand("SELECT count(*) FROM outbox_messages WHERE status <> 'done'");
        return (done, (long)(await pending.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_coalescing_handler_runs_once_for_rows_claimed_together_and_retries_them_together()
    {
        await using var ds = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        var handler = new CountingHandler("test.coalescing", coalesces: true, failFirst: 1);
        var (done, pending) = await RunAsync(ds, handler, 50);
        Assert.Equal((50L, 0L), (done, pending));
        // The first run failed and put all 50 back; the retry covered all of them at once.
        Assert.Equal(2, handler.Calls);
    }

    [Fact]
    public async Task An_ordinary_handler_delivers_every_row_once()
    {
        await using var ds = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        var handler = new CountingHandler("test.single", coalesces: false);
        var (done, pending) = await RunAsync(ds, handler, 30);
        Assert.Equal((30L, 0L), (done, pending));
        Assert.Equal(30, handler.Calls);
    }

    [Fact]
    public async Task Delivered_rows_past_their_retention_are_deleted_and_failed_rows_stay()
    {
        await using var ds = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using (var seed = ds.CreateCommand("""
            INSERT INTO outbox_messages (type, payload, status, processed_at) VALUES
              ('test.prune', '{}', 'done', now() - interval '8 days'),
              ('test.prune', '{}', 'done', now() - interval '1 hour'),
              ('test.prune', '{}', 'failed', now() - interval '30 days'),
              ('test.other', '{}', 'done', now() - interval '30 days')
            """))
            await seed.ExecuteNonQueryAsync();
        var options = Options.Create(new OutboxOptions { PollInterval = TimeSpan.FromMilliseconds(50), RetainDone = TimeSpan.FromDays(7) });
        using var signals = new DbSignals(ds, NullLogger<DbSignals>.Instance);
        using var dispatcher = new OutboxDispatcher(ds, [new CountingHandler("test.prune", coalesces: false)], signals, options,
            TimeProvider.System, NullLogger<OutboxDispatcher>.Instance);
        await dispatcher.StartAsync(CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(5);
        long left;
        do
        {
            await Task.Delay(50);
            await using var count = ds.CreateCommand("SELECT count(*) FROM outbox_messages");
            left = (long)(await count.ExecuteScalarAsync())!;
        } while (left > 3 && DateTime.UtcNow < deadline);
        await dispatcher.StopAsync(CancellationToken.None);
        await using var rest = ds.CreateCommand("SELECT string_agg(type || ':' || status, ',' ORDER BY id) FROM outbox_messages");
        // The old delivered row of the handled type went; the recent one, the failed one and other types' rows stay.
        Assert.Equal("test.prune:done,test.prune:failed,test.other:done", await rest.ExecuteScalarAsync());
    }
}
