namespace AmazingStore.Web.Hosting;

/// <summary>The <c>Store</c> configuration section.</summary>
public sealed class StoreOptions
{
    public string DataDirectory { get; set; } = ".data/postgres";
    public string DatabaseName { get; set; } = "amazing_store";
    /// <summary>The embedded server's non-superuser role that owns the store's database (see StoreRole); empty = the superuser.</summary>
    public string DatabaseRole { get; set; } = "amazing_store";
    public string? PostgresBinDirectory { get; set; }
    /// <summary>Throwaway embedded servers (tests, benchmarks) skip fsync.</summary>
    public bool EmbeddedDurable { get; set; } = true;
    /// <summary>Largest connection pool the store takes, whatever the server allows (measured fastest on 2 cores: see README).</summary>
    public int MaxPoolSize { get; set; } = 20;
    /// <summary>Instances expected to share the server: each takes at most its share of what is left.</summary>
    public int Instances { get; set; } = 2;
    /// <summary>Connections left for the owner's psql, migrations and tools, at least; 10 % of the server's when that is more.</summary>
    public int ConnectionReserve { get; set; } = 5;
}
