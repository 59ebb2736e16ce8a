using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using AmazingStore.Tests.Infrastructure;

namespace AmazingStore.Tests.StoreApi;

/// <summary>Signs initData the way Telegram documents it, written apart from the server's code on purpose.</summary>
public static class InitData
{
    public static string For(long telegramId, string firstName = "Aziz", string? languageCode = "uz",
        DateTimeOffset? authDate = null, string botToken = StoreHost.BotToken)
    {
        var user = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = telegramId, ["first_name"] = firstName, ["language_code"] = languageCode,
        });
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["auth_date"] = (authDate ?? DateTimeOffset.UtcNow).ToUnixTimeSeconds().ToString(),
            ["query_id"] = "AAHdF6IQAAAAAN0XohDhrOrc",
            ["user"] = user,
        };
        var check = string.Join("\n", fields.Select(f => f.Key + "=" + f.Value));
        var secret = HMACSHA256.HashData(Encoding.UTF8.GetBytes("WebAppData"), Encoding.UTF8.GetBytes(botToken));
        var hash = Convert.ToHexString(HMACSHA256.HashData(secret, Encoding.UTF8.GetBytes(check))).ToLowerInvariant();
        return string.Join("&", fields.Select(f => f.Key + "=" + Uri.EscapeDataString(f.Value))) + "&hash=" + hash;
    }

    public static HttpRequestMessage Request(HttpMethod method, string path, string initData, object? body = null)
    {
        var req = new HttpRequestMessage(method, path);
        req.Headers.Authorization = new AuthenticationHeaderValue("tma", initData);
        if (body is not null)
            req.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return req;
    }
}

/// <summary>A signed-in test customer on a host.</summary>
public sealed class Shopper(StoreHost host, long telegramId)
{
    private readonly string _initData = InitData.For(telegramId);

    public Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null) =>
        host.Client.SendAsync(InitData.Request(method, path, _initData, body));

    public async Task<JsonElement> JsonAsync(HttpMethod method, string path, object? body = null)
    {
        using var reply = await SendAsync(method, path, body);
        var text = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.IsSuccessStatusCode, $"{method} {path} → {(int)reply.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

public static class Replies
{
    public static async Task<string> ProblemCodeAsync(HttpResponseMessage reply)
    {
        Assert.Equal("application/problem+json", reply.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await reply.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("code").GetString()!;
    }
}
