using AmazingStore.Bot.Telegram.InitData;
using System.Reflection;

namespace AmazingStore.Web.Auth;

/// <summary>
/// The signed-in caller, put in place by <see cref="CustomerAuth"/>; handlers take it as a parameter.
/// </summary>
public sealed record Customer(int UserId, long TelegramId, bool IsAdmin, InitDataUser Telegram)
{
    internal const string ItemKey = "amazing.customer";

    public static ValueTask<Customer?> BindAsync(HttpContext http, ParameterInfo _) =>
        ValueTask.FromResult(http.Items.TryGetValue(ItemKey, out var c) ? c as Customer : null);
}
