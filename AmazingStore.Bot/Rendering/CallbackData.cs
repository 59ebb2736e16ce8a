using System.Text;

namespace AmazingStore.Bot.Rendering;

/// <summary>
/// Inline button payloads. Telegram allows 1–64 bytes (UTF-8), so they are short ASCII codes:
/// <c>o:{orderId}:{shown}:{next}</c> (order transition), <c>ol:{status}:{page}</c> (orders page),
/// <c>sl:{page}</c> (stock page), <c>sy:{slug}:{type}</c> (run a sync), <c>rf:{orderId}[:y]</c> (refund, then its confirmation).
/// </summary>
public static class CallbackData
{
    public const int MaxBytes = 64;

    public static string Transition(int orderId, string shownStatus, string nextStatus) => Checked($"o:{orderId}:{shownStatus}:{nextStatus}");
    public static string OrdersPage(string? status, int page) => Checked($"ol:{status ?? "all"}:{page}");
    public static string StockPage(int page) => Checked($"sl:{page}");
    public static string Sync(string slug, string type) => Checked($"sy:{slug}:{type}");

    public static string Refund(int orderId, bool confirmed = false) => Checked(confirmed ? $"rf:{orderId}:y" : $"rf:{orderId}");

    public static string[] Parse(string? data) => string.IsNullOrEmpty(data) ? [] : data.Split(':');

    private static string Checked(string data) => Encoding.UTF8.GetByteCount(data) <= MaxBytes
        ? data
        : throw new ArgumentException($"callback_data is {Encoding.UTF8.GetByteCount(data)} bytes; Telegram allows {MaxBytes}.");
}
