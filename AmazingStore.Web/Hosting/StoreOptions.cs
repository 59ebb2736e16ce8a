namespace AmazingStore.Web.Hosting;

/// <summary>The <c>Store</c> configuration section.</summary>
public sealed class StoreOptions
{
    public string DataDirectory { get; set; } = ".data/postgres";
    public string DatabaseName { get; set; } = "amazing_store";
    public string? PostgresBinDirectory { get; set; }
    /// <summary>Throwaway embedded servers (tests, benchmarks) skip fsync.</summary>
    public bool EmbeddedDurable { get; set; } = true;
}
