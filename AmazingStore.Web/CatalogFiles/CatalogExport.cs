using System.Globalization;
using ClosedXML.Excel;
using CsvHelper;
using Npgsql;

namespace AmazingStore.Web.CatalogFiles;

/// <summary>
/// The catalog as a file, one row per product (inactive ones too), in <see cref="CatalogColumns.All"/> order:
/// what an import takes back unchanged. <c>stock</c> is on hand, as the import sets it.
/// </summary>
public static class CatalogExport
{
    public const string CsvType = "text/csv; charset=utf-8";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const string Sql = """
        SELECT p.sku, p.barcode, p.name_uz, p.name_ru, p.description_uz, p.description_ru, p.category_id,
               p.price, p.sale_price, p.cost_price, COALESCE(i.quantity, 0), p.min_stock, p.is_active, p.image_url
        FROM products p LEFT JOIN inventory i ON i.product_id = p.id
        ORDER BY p.id
        """;

    /// <summary>Each product's cells as text, in column order (null = empty).</summary>
    public static async IAsyncEnumerable<string?[]> RowsAsync(NpgsqlDataSource db, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = db.CreateCommand(Sql);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            var cells = new string?[CatalogColumns.All.Count];
            for (var i = 0; i < cells.Length; i++)
                cells[i] = r.IsDBNull(i) ? null : r.GetValue(i) switch
                {
                    bool b => b ? "true" : "false",
                    IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                    var v => v.ToString(),
                };
            yield return cells;
        }
    }

    /// <summary>
    /// UTF-8 with a byte order mark (Excel reads the Cyrillic right only with one); text a spreadsheet would
    /// run as a formula gets a leading ' (CsvHelper's injection escape), which the import takes off again.
    /// </summary>
    public static async Task<byte[]> CsvAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await using (var csv = CsvWriter.Create(buffer, CsvWriterOptions.Default with
        {
            WriteByteOrderMark = true,
            Injection = CsvInjection.Escape,
        }, leaveOpen: true))
        {
            foreach (var c in CatalogColumns.All) csv.WriteField(c);
            csv.EndRecord();
            await foreach (var row in RowsAsync(db, ct))
            {
                foreach (var cell in row) csv.WriteField(cell);
                csv.EndRecord();
            }
        }
        return buffer.ToArray();
    }

    /// <summary>One sheet with a header row; numbers as numbers so that a spreadsheet sums them, text as text.</summary>
    public static async Task<byte[]> XlsxAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        using var book = new XLWorkbook();
        var sheet = book.AddWorksheet("products");
        for (var c = 0; c < CatalogColumns.All.Count; c++) sheet.Cell(1, c + 1).SetValue(CatalogColumns.All[c]);
        var numeric = new HashSet<string> { CatalogColumns.CategoryId, CatalogColumns.Price, CatalogColumns.SalePrice, CatalogColumns.CostPrice,
            CatalogColumns.Stock, CatalogColumns.MinStock };
        var rowNumber = 1;
        await foreach (var row in RowsAsync(db, ct))
        {
            rowNumber++;
            for (var c = 0; c < row.Length; c++)
            {
                if (row[c] is not { } text) continue;
                var cell = sheet.Cell(rowNumber, c + 1);
                if (numeric.Contains(CatalogColumns.All[c])) cell.SetValue(decimal.Parse(text, CultureInfo.InvariantCulture));
                else if (CatalogColumns.All[c] == CatalogColumns.IsActive) cell.SetValue(text == "true");
                // Text stays text: a SKU of digits keeps its leading zeros, a name starting with '=' is no formula.
                else cell.SetValue(text).SetDataType(XLDataType.Text);
            }
        }
        sheet.Row(1).Style.Font.Bold = true;
        sheet.SheetView.FreezeRows(1);
        using var buffer = new MemoryStream();
        book.SaveAs(buffer);
        return buffer.ToArray();
    }
}
