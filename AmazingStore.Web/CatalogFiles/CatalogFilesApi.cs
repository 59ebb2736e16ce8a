using AmazingStore.Data;
using AmazingStore.Web.Auth;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace AmazingStore.Web.CatalogFiles;

public sealed record ImportReply(int Created, int Updated, int Unchanged, bool DryRun);

/// <summary>
/// Catalog and stock as files (issue 19 item 4): export as CSV or XLSX, import CSV back. An import with any
/// bad row changes nothing and names every bad row and field (the header is row 1).
/// </summary>
public static class CatalogFilesApi
{
    /// <summary>A 10,000-row file with descriptions is a few MB; the host's default body limit is 1 MB.</summary>
    public const long MaxFileBytes = 32 * 1024 * 1024;

    public static void MapCatalogFiles(this RouteGroupBuilder admin)
    {
        var api = admin.MapGroup("/products").WithTags("Admin: catalog files");
        api.MapGet("/export.csv", ExportCsv).WithName("AdminExportProductsCsv");
        api.MapGet("/export.xlsx", ExportXlsx).WithName("AdminExportProductsXlsx");
        api.MapPost("/import", Import).WithName("AdminImportProducts")
            // No Accepts(...) here: its content-type metadata would make routing answer 404 for any other type.
            .WithMetadata(new RequestSizeLimitAttribute(MaxFileBytes));
    }

    private static async Task<FileContentHttpResult> ExportCsv(NpgsqlDataSource db, CancellationToken ct) =>
        TypedResults.File(await CatalogExport.CsvAsync(db, ct), CatalogExport.CsvType, "products.csv");

    private static async Task<FileContentHttpResult> ExportXlsx(NpgsqlDataSource db, CancellationToken ct) =>
        TypedResults.File(await CatalogExport.XlsxAsync(db, ct), CatalogExport.XlsxType, "products.xlsx");

    private static async Task<Results<Ok<ImportReply>, ProblemHttpResult>> Import(
        HttpRequest request, [FromQuery(Name = "dry_run")] bool? dryRun, Customer who, StoreDb db, CancellationToken ct)
    {
        var (input, problem) = await OpenFileAsync(request, ct);
        if (problem is not null) return problem;
        CatalogCsv.Parsed parsed;
        await using (input!) parsed = await CatalogCsv.ReadAsync(input!, ct);
        // A bad header says nothing about the rows; bad rows still let the others be checked against the catalog.
        if (parsed.Errors.Any(e => e.Row == 1)) return Rejected(parsed.Errors);
        if (parsed.Rows.Count == 0 && parsed.Errors.Count == 0)
            return Rejected([new RowError(2, "", "the file has a header but no product rows")]);

        CatalogImport.Outcome outcome;
        try
        {
            outcome = await CatalogImport.ApplyAsync(db, parsed, dryRun == true, who.UserId, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another import or an admin created one of these SKUs between our read and our insert.
            return Problems.Conflict("import_conflict", "The catalog changed while the file was imported; nothing was changed. Try again.");
        }
        return outcome switch
        {
            CatalogImport.Outcome.Done d => TypedResults.Ok(new ImportReply(d.Created, d.Updated, d.Unchanged, dryRun == true)),
            CatalogImport.Outcome.Rejected r => Rejected(r.Errors),
            _ => throw new InvalidOperationException("Unexpected import outcome."),
        };
    }

    private static ProblemHttpResult Rejected(IReadOnlyList<RowError> errors) =>
        Problems.Of(StatusCodes.Status400BadRequest, "invalid_file", "The file has bad rows; nothing was changed",
            $"{errors.Count} problem(s); see errors (the header is row 1).",
            [new("errors", errors.Take(CatalogCsv.MaxErrorsReported).ToList()), new("error_count", errors.Count)]);

    /// <summary>The CSV from a text/csv body, or from the <c>file</c> part of a multipart form.</summary>
    private static async Task<(Stream? Input, ProblemHttpResult? Problem)> OpenFileAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try { form = await request.ReadFormAsync(ct); }
            catch (Exception e) when (e is InvalidDataException or IOException && !ct.IsCancellationRequested)
            {
                // A broken multipart body (cut short, no boundary, a section past the form limits) is the client's.
                return (null, Problems.Validation("file", "The multipart body cannot be read: " + e.Message));
            }
            var file = form.Files.GetFile("file");
            if (file is null || file.Length == 0)
                return (null, Problems.Validation("file", "Send the CSV as the multipart part named file."));
            return (file.OpenReadStream(), null);
        }
        var type = request.ContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (type is "text/csv" or "application/csv" or "text/plain" or "application/vnd.ms-excel")
            return (request.Body, null);
        return (null, Problems.Of(StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "Send text/csv or multipart/form-data",
            "The import takes a CSV body (text/csv) or a multipart form with a file part."));
    }
}
