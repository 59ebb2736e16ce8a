using System.Collections.Concurrent;

namespace AmazingStore.Web.Catalog;

/// <summary>
/// Product page views counted in memory, so that the hot read path never writes;
/// <see cref="ProductViewFlusher"/> moves them to <c>products.view_count</c> in one statement.
/// </summary>
public sealed class ProductViews
{
    private ConcurrentDictionary<int, int> _counts = new();

    public void Count(int productId) => _counts.AddOrUpdate(productId, 1, static (_, n) => n + 1);

    /// <summary>The counts so far, leaving an empty set to count into.</summary>
    public IReadOnlyDictionary<int, int> TakeAll()
    {
        var taken = Interlocked.Exchange(ref _counts, new ConcurrentDictionary<int, int>());
        return taken;
    }

    /// <summary>Puts counts back after a failed flush, so they go out with the next one.</summary>
    public void Return(IReadOnlyDictionary<int, int> counts)
    {
        foreach (var (id, n) in counts) _counts.AddOrUpdate(id, n, (_, m) => m + n);
    }
}
