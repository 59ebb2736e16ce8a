using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Marketplaces.Connectors;

/// <summary>
/// Where a marketplace's credentials may go: that marketplace's official HTTPS hosts (marketplaces.md, the
/// sellers' API documentation of each) and the hosts the operator lists in <c>Marketplaces:AllowedApiHosts</c>.
/// Checked when an admin sets a URL and again before every request, so a URL that reached the database some
/// other way (an older version, SQL) still sends nothing elsewhere. An admin's initData alone must not be
/// enough to mail the keys to any address or to probe internal hosts.
/// </summary>
public sealed class MarketplaceApiHosts(IOptionsMonitor<MarketplaceOptions> options)
{
    private static readonly Dictionary<string, string[]> Official = new()
    {
        ["uzum"] = ["api-seller.uzum.uz"],
        ["wildberries"] = ["marketplace-api.wildberries.ru", "content-api.wildberries.ru", "discounts-prices-api.wildberries.ru"],
        ["ozon"] = ["api-seller.ozon.ru"],
    };

    /// <summary>The marketplace a pipeline key belongs to ("wildberries-prices" → "wildberries").</summary>
    public static string SlugOf(string api) => api.Split('-')[0];

    public bool IsAllowed(string slug, string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && IsAllowed(slug, u);

    public bool IsAllowed(string slug, Uri url)
    {
        if (!url.IsAbsoluteUri || url.UserInfo.Length > 0 || url.Scheme is not ("http" or "https")) return false;
        var host = url.IdnHost.TrimEnd('.');
        if (url.Scheme == "https" && url.IsDefaultPort && Official.TryGetValue(slug, out var hosts)
            && hosts.Contains(host, StringComparer.OrdinalIgnoreCase)) return true;
        foreach (var entry in options.CurrentValue.AllowedApiHosts ?? [])
            if (Matches(entry?.Trim() ?? "", url, host)) return true;
        return false;
    }

    /// <summary>"host" (any port), "host:port", or a URL "scheme://host[:port]" (that scheme too).</summary>
    private static bool Matches(string entry, Uri url, string host)
    {
        if (entry.Length == 0) return false;
        if (entry.Contains("://", StringComparison.Ordinal))
            return Uri.TryCreate(entry, UriKind.Absolute, out var e) && e.Scheme == url.Scheme
                && string.Equals(e.IdnHost.TrimEnd('.'), host, StringComparison.OrdinalIgnoreCase) && e.Port == url.Port;
        if (Uri.TryCreate("http://" + entry, UriKind.Absolute, out var h) && h.PathAndQuery == "/")
        {
            var portGiven = entry.LastIndexOf(':') > entry.LastIndexOf(']');
            return string.Equals(h.IdnHost.TrimEnd('.'), host, StringComparison.OrdinalIgnoreCase) && (!portGiven || h.Port == url.Port);
        }
        return false;
    }
}
