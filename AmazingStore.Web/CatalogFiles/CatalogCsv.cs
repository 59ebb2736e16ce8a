using System.Globalization;
using CsvHelper;

namespace AmazingStore.Web.CatalogFiles;

/// <summary>
/// Reads a catalog file (CsvHelper 34) into rows, naming every bad row and field instead of stopping at the
/// first. The separator is detected (Excel in a Russian or Uzbek locale saves with ';'), and so is a decimal
/// comma where that cannot be a separator. Empty lines are skipped but still counted, so row numbers are the
/// spreadsheet's (header = row 1) as long as no field spans lines.
/// </summary>
public static class CatalogCsv
{
    public const int MaxStock = 1_000_000;
    public const int MaxRows = 100_000;
    /// <summary>Enough to fix a file by; past it the reply says how many more there were.</summary>
    public const int MaxErrorsReported = 1000;

    public sealed record Parsed(IReadOnlySet<string> Columns, IReadOnlyList<CatalogRow> Rows, IReadOnlyList<RowError> Errors);

    public static async Task<Parsed> ReadAsync(Stream input, CancellationToken ct)
    {
        var malformed = new HashSet<long>();
        var options = CsvReaderOptions.Default with
        {
            SkipEmptyLines = false,
            OnMalformedRecord = m => { lock (malformed) malformed.Add(m.RecordNumber); },
            MaxRecordSize = 1024 * 1024,
        };
        await using var csv = CsvReader.Create(input, options, leaveOpen: true);
        var errors = new List<RowError>();
        var rows = new List<CatalogRow>();
        try
        {
            await csv.ReadHeaderAsync(ct);
        }
        catch (CsvFormatException)
        {
            return new Parsed(new HashSet<string>(), [], [new RowError(1, "", "The header row cannot be read as CSV.")]);
        }
        var header = csv.Headers.Select(h => Unescape(h).Trim().ToLowerInvariant()).ToList();
        var index = new Dictionary<string, int>();
        for (var i = 0; i < header.Count; i++)
        {
            if (!CatalogColumns.All.Contains(header[i]))
                errors.Add(new RowError(1, header[i], $"unknown column; the columns are {string.Join(", ", CatalogColumns.All)}"));
            else if (!index.TryAdd(header[i], i)) errors.Add(new RowError(1, header[i], "the column appears twice"));
        }
        foreach (var required in CatalogColumns.Required.Where(c => !index.ContainsKey(c)))
            errors.Add(new RowError(1, required, "required column is missing"));
        if (errors.Count > 0) return new Parsed(index.Keys.ToHashSet(), [], errors);

        var skus = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            while (await csv.ReadAsync(ct))
            {
                var row = (int)csv.RowNumber + 1;
                if (csv.FieldCount == 1 && header.Count > 1 && csv.IsEmpty(0)) continue; // an empty line
                if (rows.Count >= MaxRows)
                {
                    errors.Add(new RowError(row, "", $"a file holds at most {MaxRows} rows"));
                    break;
                }
                var broken = false;
                if (malformed.Contains(row)) { errors.Add(new RowError(row, "", "malformed quoting")); broken = true; }
                if (csv.FieldCount != header.Count)
                {
                    errors.Add(new RowError(row, "", $"{csv.FieldCount} fields where the header has {header.Count}"));
                    broken = true;
                }
                var parsed = new RowReader(csv, index, row, errors).Read();
                if (parsed is null || broken) continue;
                if (skus.TryGetValue(parsed.Sku, out var first))
                {
                    errors.Add(new RowError(row, CatalogColumns.Sku, $"the same sku is on row {first}"));
                    continue;
                }
                skus[parsed.Sku] = row;
                rows.Add(parsed);
            }
        }
        catch (CsvFormatException e)
        {
            errors.Add(new RowError((int)Math.Max(e.RecordNumber, 1), "", "the file cannot be read as CSV past this row"));
        }
        return new Parsed(index.Keys.ToHashSet(), rows, errors);
    }

    /// <summary>
    /// The export writes text that a spreadsheet would run as a formula with a leading ' (CsvHelper's
    /// injection escape); reading takes it off again, so an exported file imports unchanged.
    /// </summary>
    public static string Unescape(string value) =>
        value.Length >= 2 && value[0] == '\'' && InjectionStarts.Contains(value[1]) ? value[1..] : value;

    private const string InjectionStarts = "=@+-\t\r";

    /// <summary>Reads one row's fields, adding an error per bad field; null when the row is unusable.</summary>
    private sealed class RowReader(CsvReader csv, Dictionary<string, int> index, int row, List<RowError> errors)
    {
        private bool _bad;

        public CatalogRow? Read()
        {
            var sku = Text(CatalogColumns.Sku, 100, required: true);
            var barcode = Text(CatalogColumns.Barcode, 100);
            var nameUz = Text(CatalogColumns.NameUz, 255, required: true);
            var nameRu = Text(CatalogColumns.NameRu, 255);
            var descUz = Text(CatalogColumns.DescriptionUz, 20_000, trim: false);
            var descRu = Text(CatalogColumns.DescriptionRu, 20_000, trim: false);
            var category = Int(CatalogColumns.CategoryId, 1, int.MaxValue);
            var price = Money(CatalogColumns.Price, required: true);
            var sale = Money(CatalogColumns.SalePrice);
            var cost = Money(CatalogColumns.CostPrice);
            var stock = Int(CatalogColumns.Stock, 0, MaxStock);
            var minStock = Int(CatalogColumns.MinStock, 0, MaxStock);
            var active = Bool(CatalogColumns.IsActive);
            var image = Text(CatalogColumns.ImageUrl, 2000);
            if (image is not null && !(Uri.TryCreate(image, UriKind.Absolute, out var u) && u.Scheme is "http" or "https") && !image.StartsWith('/'))
                Error(CatalogColumns.ImageUrl, "must be an http(s) URL or a path of this site");
            return _bad ? null : new CatalogRow(row, sku!, barcode, nameUz!, nameRu, descUz, descRu, category, price!.Value, sale, cost,
                stock, minStock, active ?? true, image);
        }

        private string? Raw(string column)
        {
            if (!index.TryGetValue(column, out var i) || i >= csv.FieldCount || csv.IsEmpty(i)) return null;
            return Unescape(csv.GetString(i));
        }

        private void Error(string field, string message)
        {
            _bad = true;
            errors.Add(new RowError(row, field, message));
        }

        private string? Text(string column, int max, bool required = false, bool trim = true)
        {
            var value = Raw(column);
            if (trim) value = value?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                if (required) Error(column, "required");
                return null;
            }
            // PostgreSQL text cannot hold U+0000.
            if (value.Contains('\0')) Error(column, "must not contain the character U+0000");
            else if (value.Length > max) Error(column, $"at most {max} characters");
            return value;
        }

        private int? Int(string column, int min, int max)
        {
            var value = Raw(column)?.Trim();
            if (string.IsNullOrEmpty(value)) return null;
            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
            {
                Error(column, $"must be a whole number from {min} to {max}");
                return null;
            }
            return n;
        }

        /// <summary>NUMERIC(10,2): 0 ≤ value &lt; 100 000 000, at most 2 decimals; a decimal comma is read as a point.</summary>
        private decimal? Money(string column, bool required = false)
        {
            var value = Raw(column)?.Trim().Replace(" ", "").Replace("\u00a0", "");
            if (string.IsNullOrEmpty(value))
            {
                if (required) Error(column, "required");
                return null;
            }
            if (value.Count(c => c == ',') == 1 && !value.Contains('.')) value = value.Replace(',', '.');
            if (!decimal.TryParse(value, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d)
                || d < 0 || d >= 100_000_000m || decimal.Round(d, 2) != d)
            {
                Error(column, "must be a sum from 0 to 99999999.99 with at most 2 decimals");
                return null;
            }
            return d;
        }

        private bool? Bool(string column)
        {
            var value = Raw(column)?.Trim().ToLowerInvariant();
            switch (value)
            {
                case null or "": return null;
                case "true" or "1" or "yes" or "ha" or "да": return true;
                case "false" or "0" or "no" or "yo'q" or "нет": return false;
                default:
                    Error(column, "must be true or false");
                    return null;
            }
        }
    }
}
