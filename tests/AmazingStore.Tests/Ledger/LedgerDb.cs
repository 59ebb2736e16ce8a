using AmazingStore.Data;
using AmazingStore.Data.Inventory;
using AmazingStore.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AmazingStore.Tests.Ledger;

/// <summary>A fresh migrated database with helpers to add products and read figures; each StoreDb gets its own connection.</summary>
internal sealed class LedgerDb : IAsyncDisposable
{
    private LedgerDb(string cs)
    {
        ConnectionString = cs;
        Source = NpgsqlDataSource.Create(cs);
    }

    public string ConnectionString { get; }
    public NpgsqlDataSource Source { get; }

    public static async Task<LedgerDb> CreateAsync() =>
        new(await TestPostgres.CreateDatabaseAsync() + ";Maximum Pool Size=40;Timeout=60");

    public StoreDb Context() => new(new DbContextOptionsBuilder<StoreDb>().UseNpgsql(ConnectionString).Options);

    /// <summary>A product with its opening stock written through the ledger's own 'initial' row, so it reconciles.</summary>
    public async Task<int> AddProductAsync(string sku, decimal price, int stock, decimal? salePrice = null, decimal? costPrice = null)
    {
        var id = await ScalarAsync<int>(
            "INSERT INTO products (sku, name_uz, price, sale_price, cost_price) VALUES ($1, $2, $3, $4, $5) RETURNING id",
            sku, "Mahsulot " + sku, price, (object?)salePrice ?? DBNull.Value, (object?)costPrice ?? DBNull.Value);
        if (stock > 0)
        {
            await using var db = Context();
            var r = await StockLedger.AdjustAsync(db, id, stock, null, new LedgerReference("test", null, null, "opening"),
                CancellationToken.None, MovementTypes.Initial);
            Assert.True(r.Ok);
        }
        return id;
    }

    public async Task<int> AddUserAsync(long telegramId) =>
        await ScalarAsync<int>("INSERT INTO users (telegram_id, first_name) VALUES ($1, 'Ali') RETURNING id", telegramId);

    public async Task<StockFigures> FiguresAsync(int productId)
    {
        await using var db = Context();
        return (await StockLedger.GetAsync(db, productId, CancellationToken.None))!;
    }

    public async Task AssertReconcilesAsync()
    {
        await using var db = Context();
        Assert.Empty(await StockLedger.ReconcileAsync(db, CancellationToken.None));
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var cmd = Source.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        var v = await cmd.ExecuteScalarAsync();
        return (T)Convert.ChangeType(v!, typeof(T));
    }

    public ValueTask DisposeAsync() => Source.DisposeAsync();
}
