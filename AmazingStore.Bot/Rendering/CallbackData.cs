using System.Text;

namespace AmazingStore.Bot.Rendering;

/// <summary>
/// Inline button payloads. Telegram allows 1–64 bytes (UTF-8), so they are short ASCII codes:
/// <c>o:{orderId}:{shown}:{next}</c> (order transition; a return adds <c>:r</c> or <c>:w</c>), <c>ol:{status}:{page}</c> (orders page),
/// <c>sl:{page}</c> (stock page), <c>sy:{slug}:{type}</c> (run a sync), <c>rs:{productId}:{units}:{minStock}</c> (restock from a low-stock alert),
/// <c>rf:{orderId}[:y]</c> (refund, then its confirmation).
/// </summary>
public static class CallbackData
{
    public const int MaxBytes = 64;

    public static string Transition(int orderId, string shownStatus, string nextStatus) => Checked($"o:{orderId}:{shownStatus}:{nextStatus}");
    /// <summary><c>o:{orderId}:{shown}:returned:r</c> (back into stock) or <c>…:w</c> (written off).</summary>
    public static string Return(int orderId, string shownStatus, bool restock) =>
        Checked($"o:{orderId}:{shownStatus}:{Data.Orders.OrderStatuses.Returned}:{(restock ? "r" : "w")}");
    public static string OrdersPage(string? status, int page) => Checked($"ol:{status ?? "all"}:{page}");
    public static string StockPage(int page) => Checked($"sl:{page}");
    public static string Sync(string slug, string type) => Checked($"sy:{slug}:{type}");
    public static string Restock(int productId, int units, int minStock) => Checked($"rs:{productId}:{units}:{minStock}");

    public static string Refund(int orderId, bool confirmed = false) => Checked(confirmed ? $"rf:{orderId}:y" : $"rf:{orderId}");

    public static string[] Parse(string? data) => string.IsNullOrEmpty(data) ? [] : data.Split(':');

    private static string Checked(string data) => Encoding.UTF8.GetByteCount(data) <= MaxBytes
        ? data
        : throw new ArgumentException($"callback_data is {Encoding.UTF8.GetByteCount(data)} bytes; Telegram allows {MaxBytes}.");
}
