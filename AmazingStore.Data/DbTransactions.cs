using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace AmazingStore.Data;

/// <summary>
/// Runs raw SQL inside the StoreDb's open transaction, or inside one of its own when none is open,
/// so that the ledger, the order workflow and whatever the caller does commit together.
/// </summary>
internal static class DbTransactions
{
    public static async Task<T> RunAsync<T>(StoreDb db, Func<NpgsqlConnection, NpgsqlTransaction, Task<T>> work, CancellationToken ct)
    {
        var current = db.Database.CurrentTransaction;
        if (current is not null)
            return await work(Connection(db), (NpgsqlTransaction)current.GetDbTransaction());

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var result = await work(Connection(db), (NpgsqlTransaction)tx.GetDbTransaction());
        await tx.CommitAsync(ct);
        return result;
    }

    public static NpgsqlConnection Connection(StoreDb db) => (NpgsqlConnection)db.Database.GetDbConnection();

    public static NpgsqlCommand Command(NpgsqlConnection conn, NpgsqlTransaction? tx, string sql, params NpgsqlParameter[] args)
    {
        var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.Parameters.AddRange(args);
        return cmd;
    }

    public static NpgsqlBatchCommand BatchCommand(string sql, params NpgsqlParameter[] args)
    {
        var c = new NpgsqlBatchCommand(sql);
        c.Parameters.AddRange(args);
        return c;
    }

    public static NpgsqlParameter P(object? value, NpgsqlDbType type) => new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
    public static NpgsqlParameter Int(int? value) => P(value, NpgsqlDbType.Integer);
    public static NpgsqlParameter Text(string? value) => P(value, NpgsqlDbType.Text);
    public static NpgsqlParameter Ints(int[] value) => P(value, NpgsqlDbType.Array | NpgsqlDbType.Integer);
    public static NpgsqlParameter Money(decimal? value) => P(value, NpgsqlDbType.Numeric);
    public static NpgsqlParameter Json(string value) => P(value, NpgsqlDbType.Jsonb);
}
