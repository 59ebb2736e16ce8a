using AmazingStore.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace AmazingStore.Web.Infrastructure;

/// <summary>Raw SQL on a StoreDb's connection, inside its open transaction, so it commits with EF and the ledger.</summary>
public static class DbCommands
{
    public static NpgsqlCommand Sql(this StoreDb db, string sql, params object?[] args)
    {
        var cmd = new NpgsqlCommand(sql, (NpgsqlConnection)db.Database.GetDbConnection(),
            (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a ?? DBNull.Value });
        return cmd;
    }

    /// <summary>Several statements sent in one round trip, in the StoreDb's open transaction (if any).</summary>
    public static NpgsqlBatch Batch(this StoreDb db, params (string Sql, object?[] Args)[] statements)
    {
        var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(),
            (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        foreach (var (sql, args) in statements)
        {
            var c = new NpgsqlBatchCommand(sql);
            foreach (var a in args) c.Parameters.Add(new NpgsqlParameter { Value = a ?? DBNull.Value });
            batch.BatchCommands.Add(c);
        }
        return batch;
    }
}
