using System.Globalization;
using AmazingStore.Data.Reports;
using AmazingStore.Web.Auth;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;

namespace AmazingStore.Web.Reports;

public sealed record MinStockRequest(int? MinStock);

public sealed record MinStockReply(int ProductId, int? MinStock, int EffectiveMinStock);

/// <summary>
/// The owner's figures (API.md "Owner's cockpit"): the sales report for a range of Tashkent dates, and each
/// product's low-stock minimum. Admins only.
/// </summary>
public static class ReportsApi
{
    public static void MapReportsApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").RequireAdmin().WithTags("Admin: reports");
        admin.MapGet("/reports/sales", Sales).WithName("AdminSalesReport");
        admin.MapPut("/products/{id:int}/min-stock", SetMinStock).WithName("AdminSetMinStock");
    }

    private static async Task<Results<Ok<SalesReport>, ProblemHttpResult>> Sales(
        string? from, string? to, string? lang, SalesReports reports, CancellationToken ct)
    {
        if (!Lang.TryParse(lang, out var l)) return Lang.Invalid();
        var errors = new Dictionary<string, string[]>();
        var f = ParseDate(from, "from", errors);
        var t = ParseDate(to, "to", errors);
        if (f is { } a && t is { } b)
        {
            if (b < a) errors["to"] = ["to must not be before from."];
            else if (b.DayNumber - a.DayNumber + 1 > SalesReports.MaxDays) errors["to"] = [$"A report covers at most {SalesReports.MaxDays} days."];
        }
        if (errors.Count > 0) return Problems.Validation(errors);
        return TypedResults.Ok(await reports.BuildAsync(f!.Value, t!.Value, l, ct));
    }

    private static DateOnly? ParseDate(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value)) { errors[field] = [$"{field} is required (YYYY-MM-DD, Tashkent date)."]; return null; }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            && d.Year is >= 2000 and <= 2100)
            return d;
        errors[field] = [$"{field} must be a date as YYYY-MM-DD."];
        return null;
    }

    private static async Task<Results<Ok<MinStockReply>, ProblemHttpResult>> SetMinStock(
        int id, MinStockRequest request, LowStockSettings settings, NpgsqlDataSource db, CancellationToken ct)
    {
        if (request.MinStock is < 0 or > 1_000_000) return Problems.Validation("min_stock", "min_stock must be 0 to 1000000, or null for the default.");
        await using var cmd = db.CreateCommand("UPDATE products SET min_stock = $2 WHERE id = $1 RETURNING min_stock");
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)request.MinStock ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
        await using var r = await cmd.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct)) return Problems.NotFound("Product " + id);
        return TypedResults.Ok(new MinStockReply(id, request.MinStock, request.MinStock ?? settings.Default));
    }
}
