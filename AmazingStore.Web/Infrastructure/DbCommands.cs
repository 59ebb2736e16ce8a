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
}
