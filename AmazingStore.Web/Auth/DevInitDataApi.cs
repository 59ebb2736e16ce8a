using AmazingStore.Bot.Telegram.InitData;
using System.Text.Json;
using AmazingStore.Web.Hosting;
using AmazingStore.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Auth;

/// <summary>
/// Demo mode only: initData signed with the configured bot token, so that the Mini App in an ordinary
/// browser goes through the same validation as inside Telegram.
/// </summary>
public static class DevInitDataApi
{
    public sealed record InitDataReply(string InitData);

    public static void MapDevInitDataApi(this WebApplication app)
    {
        if (!DemoMode.IsOn(app.Configuration, app.Environment)) return; // the /api catch-all answers 404
        app.MapGet("/api/dev/init-data", Get).WithTags("Dev").WithName("DevInitData");
    }

    private static Results<Ok<InitDataReply>, ProblemHttpResult> Get(
        [FromQuery(Name = "telegram_id")] long? telegramId, [FromQuery(Name = "first_name")] string? firstName, string? language,
        IOptionsMonitor<AmazingStore.Bot.TelegramOptions> telegram, TimeProvider clock)
    {
        var token = telegram.CurrentValue.InitDataToken;
        if (string.IsNullOrEmpty(token)) return Problems.Of(StatusCodes.Status503ServiceUnavailable, "no_bot_token", "No bot token", "Telegram:BotToken is not configured.");
        var id = telegramId ?? 100000001;
        if (id <= 0) return Problems.Validation("telegram_id", "telegram_id must be positive.");
        var name = string.IsNullOrWhiteSpace(firstName) ? "Demo" : firstName.Trim();
        if (name.Length > 100) return Problems.Validation("first_name", "first_name must be at most 100 characters.");
        if (!Lang.TryParse(language, out var lang)) return Lang.Invalid();

        var user = JsonSerializer.Serialize(new Dictionary<string, object> { ["id"] = id, ["first_name"] = name, ["language_code"] = lang });
        var initData = TelegramInitData.Sign(
            [new("auth_date", clock.GetUtcNow().ToUnixTimeSeconds().ToString()), new("user", user)], token);
        return TypedResults.Ok(new InitDataReply(initData));
    }
}
