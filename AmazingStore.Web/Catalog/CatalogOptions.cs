namespace AmazingStore.Web.Catalog;

/// <summary>The <c>Catalog</c> configuration section.</summary>
public sealed class CatalogOptions
{
    /// <summary>At most this many cached replies per instance.</summary>
    public int CacheEntries { get; set; } = 20_000;

    /// <summary>
    /// The cache is emptied at least this often: a backstop for a change whose notification was lost
    /// (an instance that died between a checkout's commit and its deferred NOTIFY).
    /// </summary>
    public double CacheMaxAgeSeconds { get; set; } = 300;

    /// <summary>
    /// How often counted product views and queued order counts are written to products. Each flush
    /// rewrites every product viewed since the last (wide rows: 0.33 s of database time and 11 MB of
    /// WAL for 10 000 products), so a minute's views go out together; a counter can be that late.
    /// </summary>
    public double ViewFlushSeconds { get; set; } = 60;
}
