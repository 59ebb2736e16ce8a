namespace AmazingStore.Web.Admin;

/// <summary>Collects field errors for a problem reply; limits mirror the table columns.</summary>
internal sealed class Validation
{
    public Dictionary<string, string[]> Errors { get; } = [];
    public bool Ok => Errors.Count == 0;

    public void Add(string field, string message) =>
        Errors[field] = Errors.TryGetValue(field, out var m) ? [.. m, message] : [message];

    public void Required(string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value)) Add(field, $"{field} is required.");
        else Text(field, value, max);
    }

    public void Text(string field, string? value, int max)
    {
        if (value is not null && value.Length > max) Add(field, $"{field} must be at most {max} characters.");
    }

    /// <summary>
    /// A link the Mini App will load or open: an absolute http(s) URL, or a path on this site ("/img/…").
    /// Anything else (javascript:, data:, a protocol-relative "//host") would run or load where it must not.
    /// </summary>
    public void WebUrl(string field, string? value, int max, bool required = false)
    {
        if (required) Required(field, value, max); else Text(field, value, max);
        if (!string.IsNullOrWhiteSpace(value) && !IsWebUrl(value)) Add(field, $"{field} must be an http or https URL, or a path starting with /.");
    }

    internal static bool IsWebUrl(string value) =>
        value.StartsWith('/') ? !value.StartsWith("//", StringComparison.Ordinal) && !value.StartsWith(@"/\", StringComparison.Ordinal)
        : Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
          && uri.Host.Length > 0;

    /// <summary>NUMERIC(10,2): 0 ≤ value &lt; 100 000 000, at most 2 decimals.</summary>
    public void Money(string field, decimal? value, bool required = false)
    {
        if (value is null) { if (required) Add(field, $"{field} is required."); return; }
        if (value < 0 || value >= 100_000_000m || decimal.Round(value.Value, 2) != value)
            Add(field, $"{field} must be a sum from 0 to 99999999.99 with at most 2 decimals.");
    }

    public void Range(string field, int? value, int min, int max)
    {
        if (value is not null && (value < min || value > max)) Add(field, $"{field} must be from {min} to {max}.");
    }
}
