using AmazingStore.Web.Auth;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace AmazingStore.Web.Users;

/// <summary>The signed-in customer: sign-in check, profile, favorites.</summary>
public static class UsersApi
{
    private const int MaxFavorites = 500;

    public static void MapUsersApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/users").WithTags("Users").RequireCustomer();
        api.MapPost("/validate", Validate).WithName("ValidateUser").RequireWriteLimit();
        api.MapGet("/profile", GetProfile).WithName("GetProfile");
        api.MapPut("/profile", UpdateProfile).WithName("UpdateProfile").RequireWriteLimit();
        api.MapGet("/favorites", GetFavorites).WithName("GetFavorites");
        api.MapPut("/favorites", ReplaceFavorites).WithName("ReplaceFavorites").RequireWriteLimit();
        api.MapPost("/favorites/{productId:int}", AddFavorite).WithName("AddFavorite").RequireWriteLimit();
        api.MapDelete("/favorites/{productId:int}", RemoveFavorite).WithName("RemoveFavorite").RequireWriteLimit();
    }

    /// <summary>Refreshes the names Telegram sent and the login time, then returns the user and favorites.</summary>
    private static async Task<Ok<ValidateReply>> Validate(Customer who, NpgsqlDataSource db, CancellationToken ct)
    {
        await using (var cmd = db.CreateCommand("""
            UPDATE users SET first_name = COALESCE(NULLIF($2, ''), first_name), last_name = $3, username = $4, last_login_at = now()
            WHERE id = $1
            """))
        {
            cmd.Parameters.AddWithValue(who.UserId);
            cmd.Parameters.AddWithValue(who.Telegram.FirstName);
            cmd.Parameters.AddWithValue((object?)who.Telegram.LastName ?? DBNull.Value);
            cmd.Parameters.AddWithValue((object?)who.Telegram.Username ?? DBNull.Value);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        return TypedResults.Ok(new ValidateReply(await UserStore.ReadAsync(db, who, ct), await UserStore.FavoritesAsync(db, who.UserId, ct)));
    }

    private static async Task<Ok<UserEnvelope>> GetProfile(Customer who, NpgsqlDataSource db, CancellationToken ct) =>
        TypedResults.Ok(new UserEnvelope(await UserStore.ReadAsync(db, who, ct)));

    private static async Task<Results<Ok<UserEnvelope>, ProblemHttpResult>> UpdateProfile(
        ProfileRequest body, Customer who, NpgsqlDataSource db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var firstName = body.FirstName?.Trim();
        var lastName = body.LastName?.Trim();
        var phone = Phone.Normalize(body.Phone);
        var language = body.Language?.Trim().ToLowerInvariant();
        if (firstName is not null && (firstName.Length == 0 || firstName.Length > 100)) errors["first_name"] = ["first_name must be 1 to 100 characters."];
        if (lastName is { Length: > 100 }) errors["last_name"] = ["last_name must be at most 100 characters."];
        if (phone is { Length: > 0 } && !Phone.IsValid(phone)) errors["phone"] = ["phone " + Phone.Rule];
        if (language is not null && language is not (Lang.Uz or Lang.Ru)) errors["language"] = ["language must be 'uz' or 'ru'."];
        if (errors.Count > 0) return Problems.Validation(errors);

        // Null keeps a field; an empty last name or phone clears it.
        await using (var cmd = db.CreateCommand("""
            UPDATE users SET
                first_name = COALESCE($2, first_name),
                last_name  = CASE WHEN $3::text IS NULL THEN last_name ELSE NULLIF($3::text, '') END,
                phone      = CASE WHEN $4::text IS NULL THEN phone ELSE NULLIF($4::text, '') END,
                language   = COALESCE($5, language)
            WHERE id = $1
            """))
        {
            cmd.Parameters.AddWithValue(who.UserId);
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)firstName ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)lastName ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)phone ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)language ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Varchar });
            await cmd.ExecuteNonQueryAsync(ct);
        }
        return TypedResults.Ok(new UserEnvelope(await UserStore.ReadAsync(db, who, ct)));
    }

    private static async Task<Ok<FavoritesReply>> GetFavorites(Customer who, NpgsqlDataSource db, CancellationToken ct) =>
        TypedResults.Ok(new FavoritesReply(await UserStore.FavoritesAsync(db, who.UserId, ct)));

    private static async Task<Results<Ok<FavoritesReply>, ProblemHttpResult>> ReplaceFavorites(
        FavoritesRequest body, Customer who, NpgsqlDataSource db, CancellationToken ct)
    {
        if (body.ProductIds is null) return Problems.Validation("product_ids", "product_ids is required (an empty array clears the set).");
        var ids = body.ProductIds.Distinct().ToArray();
        if (ids.Length > MaxFavorites) return Problems.Validation("product_ids", $"At most {MaxFavorites} favorites.");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var check = new NpgsqlCommand("SELECT array_agg(x) FROM unnest($1::int[]) x WHERE NOT EXISTS (SELECT 1 FROM products p WHERE p.id = x AND p.is_active)", conn, tx))
        {
            check.Parameters.AddWithValue(ids);
            if (await check.ExecuteScalarAsync(ct) is int[] { Length: > 0 } unknown)
                return Problems.Validation("product_ids", "Unknown products: " + string.Join(", ", unknown) + ".");
        }
        await using (var replace = new NpgsqlCommand("""
            WITH gone AS (DELETE FROM favorites WHERE user_id = $1 AND product_id <> ALL($2::int[]))
            INSERT INTO favorites (user_id, product_id) SELECT $1, x FROM unnest($2::int[]) x ON CONFLICT DO NOTHING
            """, conn, tx))
        {
            replace.Parameters.AddWithValue(who.UserId);
            replace.Parameters.AddWithValue(ids);
            await replace.ExecuteNonQueryAsync(ct);
        }
        await tx.CommitAsync(ct);
        return TypedResults.Ok(new FavoritesReply(await UserStore.FavoritesAsync(db, who.UserId, ct)));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> AddFavorite(
        int productId, Customer who, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            INSERT INTO favorites (user_id, product_id)
            SELECT $1, id FROM products WHERE id = $2 AND is_active
            ON CONFLICT (user_id, product_id) DO UPDATE SET user_id = EXCLUDED.user_id
            """);
        cmd.Parameters.AddWithValue(who.UserId);
        cmd.Parameters.AddWithValue(productId);
        // The no-op update makes a repeat count as a row, so 0 rows means the product is unknown.
        return await cmd.ExecuteNonQueryAsync(ct) > 0 ? TypedResults.NoContent() : Problems.NotFound("Product " + productId);
    }

    /// <summary>Removing a favorite that is not there is fine (204); a product that never existed is 404.</summary>
    private static async Task<Results<NoContent, ProblemHttpResult>> RemoveFavorite(int productId, Customer who, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var cmd = db.CreateCommand("""
            WITH gone AS (DELETE FROM favorites WHERE user_id = $1 AND product_id = $2 RETURNING 1)
            SELECT EXISTS (SELECT 1 FROM gone) OR EXISTS (SELECT 1 FROM products WHERE id = $2)
            """);
        cmd.Parameters.AddWithValue(who.UserId);
        cmd.Parameters.AddWithValue(productId);
        return await cmd.ExecuteScalarAsync(ct) is true ? TypedResults.NoContent() : Problems.NotFound("Product " + productId);
    }
}
