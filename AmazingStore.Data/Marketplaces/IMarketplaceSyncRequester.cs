namespace AmazingStore.Data.Marketplaces;

/// <summary>
/// Starts a marketplace sync on request (admin API, the bot's /sync buttons). Implemented by the
/// marketplace engine; callers resolve it optionally, because a host may run without it.
/// </summary>
public interface IMarketplaceSyncRequester
{
    /// <param name="marketplaceSlug">uzum, wildberries or ozon.</param>
    /// <param name="syncType">stock, price, orders or all.</param>
    /// <param name="trigger">Who asked, recorded as the sync log's trigger (e.g. "telegram").</param>
    /// <returns>False when that marketplace or type cannot be synced now (unknown, inactive, unsupported).</returns>
    Task<bool> RequestAsync(string marketplaceSlug, string syncType, string trigger, CancellationToken ct);
}
