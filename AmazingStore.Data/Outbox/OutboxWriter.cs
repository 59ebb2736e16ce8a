using Microsoft.EntityFrameworkCore;
using Npgsql;
using static AmazingStore.Data.DbTransactions;

namespace AmazingStore.Data.Outbox;

/// <summary>
/// The C# side of the one way to write an outbox row: the <c>outbox_enqueue</c> procedure (migration 0053_one_path_rules),
/// inside the caller's transaction so the row commits with the change it announces. Batch writers add
/// <see cref="Command"/> to the batch they already send; EF writers call <see cref="EnqueueAsync"/>.
/// </summary>
public static class OutboxWriter
{
    private const string Call = "CALL outbox_enqueue($1, $2, $3)";

    /// <summary>A statement for the caller's batch: no round trip of its own, and no result set to skip.</summary>
    public static NpgsqlBatchCommand Command(string type, string payloadJson, string? dedupeKey = null) =>
        BatchCommand(Call, Text(type), Json(payloadJson), Text(dedupeKey));

    /// <summary>Through EF, in the context's current transaction (the caller opens one when it also saves changes).</summary>
    public static Task EnqueueAsync(StoreDb db, string type, string payloadJson, string? dedupeKey, CancellationToken ct) =>
        db.Database.ExecuteSqlAsync($"CALL outbox_enqueue({type}, {payloadJson}::jsonb, {dedupeKey}::text)", ct);
}
