using System.Security.Cryptography;
using System.Text;

namespace AmazingStore.Bench;

/// <summary>Signs Mini App initData for benchmark users the way Telegram does.</summary>
public static class InitDataForBench
{
    public static string Sign(long telegramId, string botToken)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["auth_date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(),
            ["user"] = $"{{\"id\":{telegramId},\"first_name\":\"Bench\",\"language_code\":\"uz\"}}",
        };
        var dataCheck = string.Join('\n', fields.Select(f => $"{f.Key}={f.Value}"));
        var secret = HMACSHA256.HashData(Encoding.UTF8.GetBytes("WebAppData"), Encoding.UTF8.GetBytes(botToken));
        var hash = Convert.ToHexStringLower(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(dataCheck)));
        return string.Join('&', fields.Select(f => $"{f.Key}={Uri.EscapeDataString(f.Value)}")) + "&hash=" + hash;
    }
}
