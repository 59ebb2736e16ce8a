using System.Net;
using System.Text.RegularExpressions;
using AmazingStore.Data.Outbox;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;
using Npgsql;

namespace AmazingStore.Tests.Outbox;

/// <summary>One way to write an outbox row: the outbox_enqueue procedure, called by SQL and by OutboxWriter.</summary>
public sealed class OutboxWriterTests
{
    [Fact]
    public async Task Only_outbox_enqueue_inserts_into_the_outbox_in_the_database_and_no_code_spells_the_insert_out()
    {
        await using var db = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using var cmd = db.CreateCommand("""
            SELECT string_agg(proname, ',' ORDER BY proname) FROM pg_proc
            WHERE pronamespace = 'public'::regnamespace AND prosrc ~* 'insert\s+into\s+outbox_messages'
            """);
        Assert.Equal("outbox_enqueue", await cmd.ExecuteScalarAsync());

        var root = Browser.Store.RepoRoot;
        var insert = new Regex(@"insert\s+into\s+outbox_messages|OutboxMessages\s*\.\s*Add", RegexOptions.IgnoreCase);
        var writers = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) is not ("obj" or "bin") && !f.Contains(Path.Combine("tests", "")))
            .Where(f => insert.IsMatch(File.ReadAllText(f))).Select(f => Path.GetRelativePath(root, f)).ToList();
        Assert.Empty(writers);
    }

    [Fact]
    public async Task The_writer_dedupes_by_key_and_commits_or_rolls_back_with_its_transaction()
    {
        await using var db = NpgsqlDataSource.Create(await TestPostgres.CreateDatabaseAsync());
        await using (var conn = await db.OpenConnectionAsync())
        {
            await using (var tx = await conn.BeginTransactionAsync())
            {
                await using var batch = new NpgsqlBatch(conn, tx);
                batch.BatchCommands.Add(OutboxWriter.Command("test.kind", """{"n": 1}""", "k-1"));
                batch.BatchCommands.Add(OutboxWriter.Command("test.kind", """{"n": 2}""", "k-1"));
                batch.BatchCommands.Add(OutboxWriter.Command("test.kind", """{"n": 3}"""));
                batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT 42"));
                // The calls return no result sets: the first result a reader sees is the caller's own.
                await using (var r = await batch.ExecuteReaderAsync())
                {
                    Assert.True(await r.ReadAsync());
                    Assert.Equal(42, r.GetInt32(0));
                }
                await tx.CommitAsync();
            }
            await using (var tx = await conn.BeginTransactionAsync())
            {
                await using var batch = new NpgsqlBatch(conn, tx);
                batch.BatchCommands.Add(OutboxWriter.Command("test.kind", """{"n": 4}""", "k-2"));
                await batch.ExecuteNonQueryAsync();
                await tx.RollbackAsync();
            }
        }
        await using var read = db.CreateCommand("SELECT string_agg(payload->>'n', ',' ORDER BY id) FROM outbox_messages WHERE type = 'test.kind'");
        Assert.Equal("1,3", await read.ExecuteScalarAsync());
    }

    [Fact]
    public async Task An_admin_price_change_queues_its_push_through_the_writer_and_a_refused_one_queues_nothing()
    {
        await using var host = await Shop.StartAsync();
        var a = await Shop.ProductAsync(host, "OW-1", 10_000, 1);
        await Shop.ProductAsync(host, "OW-2", 10_000, 1);
        const string pushes = "SELECT count(*) FROM outbox_messages WHERE type = 'marketplace.price_push'";
        var before = await host.ScalarAsync<long>(pushes);

        var (dup, _) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Put, $"/api/admin/products/{a}", new { sku = "OW-2", name_uz = "X", price = 12_000 });
        Assert.Equal(HttpStatusCode.Conflict, dup);
        Assert.Equal(before, await host.ScalarAsync<long>(pushes));

        var (ok, _) = await Shop.AsAsync(host, Shop.AdminTelegramId, HttpMethod.Put, $"/api/admin/products/{a}", new { sku = "OW-1", name_uz = "X", price = 12_000 });
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal(before + 1, await host.ScalarAsync<long>(pushes));
        Assert.Equal($"[{a}]", await host.ScalarAsync<string>("SELECT payload->>'product_ids' FROM outbox_messages WHERE type = 'marketplace.price_push' ORDER BY id DESC LIMIT 1")
            is { } ids ? ids.Replace(" ", "") : null);
    }
}
