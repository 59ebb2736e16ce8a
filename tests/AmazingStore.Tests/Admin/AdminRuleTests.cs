using System.Net;
using AmazingStore.Data.Users;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.StoreApi;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Admin;

/// <summary>One admin rule (<see cref="AdminRule"/>) for the API and the bot: the same people are admins in both.</summary>
public sealed class AdminRuleTests
{
    [Theory]
    [InlineData(true, null, null, true)]    // listed, no row yet
    [InlineData(true, false, true, true)]
    [InlineData(false, true, true, true)]
    [InlineData(false, false, true, false)]
    [InlineData(false, null, null, false)]
    [InlineData(true, false, false, false)] // listed but blocked
    [InlineData(true, true, false, false)]
    [InlineData(false, true, false, false)]
    public void Listed_or_flagged_and_never_blocked(bool listed, bool? flag, bool? active, bool admin) =>
        Assert.Equal(admin, AdminRule.IsAdmin(listed, flag, active));

    [Fact]
    public async Task A_blocked_admin_is_refused_by_the_api_and_the_bot_alike_while_active_admins_pass_both()
    {
        const long flagged = 8801, blockedFlagged = 8802, blockedListed = 8803, customer = 8804;
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake, ("Telegram:AdminIds:1", blockedListed.ToString())));
        await host.ScalarAsync<int>("""
            INSERT INTO users (telegram_id, first_name, language, is_admin, is_active)
            VALUES ($1, 'A', 'ru', true, true), ($2, 'B', 'ru', true, false), ($3, 'C', 'ru', false, false), ($4, 'D', 'ru', false, true)
            RETURNING 1
            """, flagged, blockedFlagged, blockedListed, customer);

        var admins = new[] { AdminId, flagged };
        var refused = new[] { blockedFlagged, blockedListed, customer };
        foreach (var id in admins.Concat(refused))
        {
            using var req = InitData.Request(HttpMethod.Get, "/api/admin/orders", InitData.For(id));
            using var reply = await host.Client.SendAsync(req);
            var expected = admins.Contains(id) ? HttpStatusCode.OK : id == customer ? HttpStatusCode.Forbidden : HttpStatusCode.Unauthorized;
            Assert.True(reply.StatusCode == expected, $"API as {id}: {(int)reply.StatusCode}, expected {(int)expected}");
        }

        var all = admins.Concat(refused).ToArray();
        foreach (var id in all) await PostAsync(host, Message(id, "/orders", language: "ru"));
        await WaitHandledAsync(host, all.Length);
        foreach (var id in all)
        {
            var text = Text(Assert.Single(fake.Sent(id)));
            if (admins.Contains(id)) Assert.Contains("Заказов нет", text);
            else Assert.Contains("только администраторам", text);
        }
    }
}
