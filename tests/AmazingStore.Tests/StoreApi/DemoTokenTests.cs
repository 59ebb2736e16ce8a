using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AmazingStore.Tests.Infrastructure;

namespace AmazingStore.Tests.StoreApi;

public sealed class DemoTokenTests
{
    [Fact]
    public async Task Demo_mode_without_a_bot_token_signs_with_a_made_up_token_that_the_api_accepts()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Store:DemoMode"] = "true",
            ["Telegram:BotToken"] = "",
        });
        using var reply = JsonDocument.Parse(await host.Client.GetStringAsync("/api/dev/init-data?telegram_id=4242&first_name=Demo&language=ru"));
        var initData = reply.RootElement.GetProperty("init_data").GetString()!;

        using var validate = await host.Client.SendAsync(InitData.Request(HttpMethod.Post, "/api/users/validate", initData));
        Assert.Equal(HttpStatusCode.OK, validate.StatusCode);
        var user = (await validate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user");
        Assert.Equal(4242, user.GetProperty("telegram_id").GetInt64());

        // Signed with the published example's token instead: refused, so the made-up token is really checked.
        using var forged = await host.Client.SendAsync(InitData.Request(HttpMethod.Post, "/api/users/validate",
            InitData.For(4242, "Demo", botToken: "5768337691:AAH5YkoiEuPk8-FZa32hStHTqXiLPtAEhx8")));
        Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
    }
}
