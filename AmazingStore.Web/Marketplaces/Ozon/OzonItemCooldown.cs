using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Marketplaces.Ozon;

/// <summary>
/// OZON accepts one stock change per product-warehouse pair per 30 s. Changes inside the window
/// are held back (and reported, so the next run sends them) instead of being refused by OZON.
/// </summary>
public sealed class OzonItemCooldown(IOptions<MarketplaceOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSent = new();

    public bool TryTake(string offerId, string warehouseId)
    {
        var key = offerId + "@" + warehouseId;
        var now = clock.GetUtcNow();
        if (_lastSent.TryGetValue(key, out var last) && now - last < options.Value.OzonItemCooldown) return false;
        _lastSent[key] = now;
        return true;
    }

    /// <summary>
    /// Restarts the pair's window when OZON's reply is in: OZON counts from when the change reached it,
    /// which is after we decided to send, so counting from the decision could send the next change a
    /// little inside OZON's 30 s and see it refused.
    /// </summary>
    public void Stamp(string offerId, string warehouseId) => _lastSent[offerId + "@" + warehouseId] = clock.GetUtcNow();
}
