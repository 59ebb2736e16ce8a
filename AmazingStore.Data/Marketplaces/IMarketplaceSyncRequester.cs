namespace AmazingStore.Data.Marketplaces;

/// <summary>
/// Asks for a marketplace sync run now (the bot's /sync button, the admin API). The run itself
/// happens in the background and writes a sync_logs row.
/// </summary>
public interface IMarketplaceSyncRequester
{
    /// <param name="marketplaceSlug">uzum, wildberries or ozon.</param>
    /// <param name="syncType">stock, price, orders or all.</param>
    /// <param name="trigger">Who asked (manual, bot, schedule, ...), recorded in sync_logs.trigger_type.</param>
    /// <returns>False when the marketplace or the type is unknown.</returns>
    Task<bool> RequestAsync(string marketplaceSlug, string syncType, string trigger, CancellationToken ct);
}
