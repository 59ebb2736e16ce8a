using AmazingStore.Data.Cart;
using AmazingStore.Data.Inventory;
using AmazingStore.Web.Auth;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace AmazingStore.Web.Cart;

/// <summary>The caller's cart. Only the caller's own lines are ever visible (404 for anyone else's).</summary>
public static class CartApi
{
    private const int MaxQuantity = 1000;

    public static void MapCartApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cart").WithTags("Cart").RequireCustomer();
        api.MapGet("/", GetCart).WithName("GetCart");
        api.MapPost("/", SetLine).WithName("SetCartLine").RequireWriteLimit();
        api.MapPatch("/{id:int}", UpdateLine).WithName("UpdateCartLine").RequireWriteLimit();
        api.MapDelete("/{id:int}", RemoveLine).WithName("RemoveCartLine").RequireWriteLimit();
        api.MapDelete("/", Clear).WithName("ClearCart").RequireWriteLimit();
    }

    private static async Task<Results<Ok<CartReply>, ProblemHttpResult>> GetCart(
        string? lang, Customer who, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!Lang.TryParse(lang, out var l)) return Lang.Invalid();
        return TypedResults.Ok(await ReadAsync(db, who.UserId, l, ct));
    }

    /// <summary>Sets (or creates) the line for a product to exactly the quantity asked for.</summary>
    private static async Task<Results<Ok<CartReply>, ProblemHttpResult>> SetLine(
        SetCartLineRequest body, string? lang, Customer who, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!Lang.TryParse(lang, out var l)) return Lang.Invalid();
        var errors = new Dictionary<string, string[]>();
        if (body.ProductId is null) errors["product_id"] = ["product_id is required."];
        if (QuantityError(body.Quantity) is { } q) errors["quantity"] = [q];
        if (errors.Count > 0) return Problems.Validation(errors);

        // Check, write and read back the cart in one round trip (one transaction): the line is written
        // only when the product is on sale with enough available.
        await using var batch = CartWriteBatch(db);
        var write = new NpgsqlBatchCommand($$"""
            WITH s AS ({{OnSale}} AND p.id = $2),
            w AS (
                INSERT INTO cart_items (user_id, product_id, quantity, price_snapshot)
                SELECT $1, $2, $3, price FROM s WHERE available >= $3
                ON CONFLICT (user_id, product_id) DO UPDATE
                    SET quantity = EXCLUDED.quantity, price_snapshot = EXCLUDED.price_snapshot, updated_at = now())
            SELECT available FROM s
            """);
        write.Parameters.AddWithValue(who.UserId);
        write.Parameters.AddWithValue(body.ProductId!.Value);
        write.Parameters.AddWithValue(body.Quantity!.Value);
        batch.BatchCommands.Add(write);
        batch.BatchCommands.Add(CartQuery(who.UserId));
        await using var r = await ExecuteCartWriteAsync(batch, ct);
        if (!await r.ReadAsync(ct)) return Problems.NotFound("Product " + body.ProductId);
        var available = r.GetInt32(0);
        if (body.Quantity > available) return OutOfStock(body.ProductId.Value, available);
        await r.NextResultAsync(ct);
        return TypedResults.Ok(await ReadLinesAsync(r, l, ct));
    }

    private static async Task<Results<Ok<CartReply>, ProblemHttpResult>> UpdateLine(
        int id, CartQuantityRequest body, string? lang, Customer who, NpgsqlDataSource db, CancellationToken ct)
    {
        if (!Lang.TryParse(lang, out var l)) return Lang.Invalid();
        if (QuantityError(body.Quantity) is { } q) return Problems.Validation("quantity", q);

        // As in SetLine: the line's product checked, the line written and the cart read back in one round trip.
        await using var batch = CartWriteBatch(db);
        var write = new NpgsqlBatchCommand($$"""
            WITH c AS (SELECT product_id FROM cart_items WHERE id = $1 AND user_id = $2),
            s AS ({{OnSale}} AND p.id = (SELECT product_id FROM c)),
            w AS (
                UPDATE cart_items SET quantity = $3, price_snapshot = s.price, updated_at = now()
                FROM s WHERE cart_items.id = $1 AND cart_items.user_id = $2 AND s.available >= $3)
            SELECT c.product_id, s.available FROM c LEFT JOIN s ON TRUE
            """);
        write.Parameters.AddWithValue(id);
        write.Parameters.AddWithValue(who.UserId);
        write.Parameters.AddWithValue(body.Quantity!.Value);
        batch.BatchCommands.Add(write);
        batch.BatchCommands.Add(CartQuery(who.UserId));
        await using var r = await ExecuteCartWriteAsync(batch, ct);
        if (!await r.ReadAsync(ct)) return Problems.NotFound("Cart line " + id);
        var productId = r.GetInt32(0);
        if (r.IsDBNull(1)) return Problems.NotFound("Product " + productId);
        var available = r.GetInt32(1);
        if (body.Quantity > available) return OutOfStock(productId, available);
        await r.NextResultAsync(ct);
        return TypedResults.Ok(await ReadLinesAsync(r, l, ct));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveLine(int id, Customer who, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("DELETE FROM cart_items WHERE id = $1 AND user_id = $2");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(who.UserId);
        return await cmd.ExecuteNonQueryAsync(ct) > 0 ? TypedResults.NoContent() : Problems.NotFound("Cart line " + id);
    }

    private static async Task<NoContent> Clear(Customer who, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("DELETE FROM cart_items WHERE user_id = $1");
        cmd.Parameters.AddWithValue(who.UserId);
        await cmd.ExecuteNonQueryAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A batch whose transaction (one implicit transaction: the batch's statements up to its single Sync)
    /// does not wait for the disk on commit: a cart line is not an order, and losing the last fraction of
    /// a second of cart edits to a database crash is a fair price for not queueing every "add to cart"
    /// behind a WAL flush (three of the four flushes per checkout). Orders, stock and the outbox stay
    /// fully durable. The setting is a SELECT rather than BEGIN, SET LOCAL and COMMIT: one statement
    /// instead of three. The caller adds its statements and reads through <see cref="ExecuteCartWriteAsync"/>.
    /// </summary>
    private static NpgsqlBatch CartWriteBatch(NpgsqlDataSource db)
    {
        var batch = db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT set_config('synchronous_commit', 'off', true), {CartSql.ByIndex}"));
        return batch;
    }

    /// <summary>Runs a <see cref="CartWriteBatch"/>; the reader is on the caller's first statement.</summary>
    private static async Task<NpgsqlDataReader> ExecuteCartWriteAsync(NpgsqlBatch batch, CancellationToken ct)
    {
        var r = await batch.ExecuteReaderAsync(ct);
        try
        {
            // The write's own errors surface here, past the setting's row; the reader holds the connection.
            await r.NextResultAsync(ct);
            return r;
        }
        catch
        {
            await r.DisposeAsync();
            throw;
        }
    }

    private static string? QuantityError(int? quantity) =>
        quantity is null or < 1 or > MaxQuantity ? $"quantity must be a whole number from 1 to {MaxQuantity}." : null;

    private static ProblemHttpResult OutOfStock(int productId, int available) =>
        Problems.Conflict("out_of_stock", $"Only {available} of product {productId} are available.",
            [new("product_id", productId), new("available", available)]);

    /// <summary>Display price and available quantity of the products on sale (extend with "AND p.id = ...").</summary>
    private const string OnSale = $"""
        SELECT p.id, COALESCE(p.sale_price, p.price) AS price, {StockSql.Available} AS available
        FROM products p LEFT JOIN inventory i ON i.product_id = p.id
        WHERE p.is_active
        """;

    private static async Task<CartReply> ReadAsync(NpgsqlDataSource db, int userId, string lang, CancellationToken ct)
    {
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT {CartSql.ByIndex}"));
        batch.BatchCommands.Add(CartQuery(userId));
        await using var r = await batch.ExecuteReaderAsync(ct);
        await r.NextResultAsync(ct); // past the setting's row
        return await ReadLinesAsync(r, lang, ct);
    }

    private static NpgsqlBatchCommand CartQuery(int userId)
    {
        // A product taken off sale stays in the cart, shown with nothing available.
        var cmd = new NpgsqlBatchCommand($"""
            SELECT c.id, c.product_id, p.name_uz, p.name_ru, p.sku, p.image_url, c.quantity, c.price_snapshot,
                   COALESCE(p.sale_price, p.price),
                   CASE WHEN p.is_active THEN {StockSql.Available} ELSE 0 END
            FROM cart_items c
            -- LATERAL: one index lookup per line, whatever the statistics say (a cart is a few lines;
            -- a misestimate once made this hash-join the whole catalog).
            CROSS JOIN LATERAL (SELECT * FROM products WHERE id = c.product_id) p
            LEFT JOIN LATERAL (SELECT available FROM inventory WHERE product_id = c.product_id) i ON TRUE
            WHERE c.user_id = $1 ORDER BY c.created_at, c.id
            """);
        cmd.Parameters.AddWithValue(userId);
        return cmd;
    }

    private static async Task<CartReply> ReadLinesAsync(NpgsqlDataReader r, string lang, CancellationToken ct)
    {
        var items = new List<CartLineReply>();
        while (await r.ReadAsync(ct))
            items.Add(new(r.GetInt32(0), r.GetInt32(1), Lang.Pick(lang, r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)) ?? "",
                r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetInt32(6), r.GetDecimal(7), r.GetDecimal(8), r.GetInt32(9)));
        return new CartReply(items, items.Sum(i => i.Price * i.Quantity));
    }
}
