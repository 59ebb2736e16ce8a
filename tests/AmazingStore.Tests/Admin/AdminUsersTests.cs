using System.Net;
using System.Text.Json;
using AmazingStore.Data.Orders;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Orders;
using AmazingStore.Tests.StoreApi;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AmazingStore.Tests.Admin;

/// <summary>Issue 19 item 7: users listed and searched, blocked and unblocked, made and removed as admins.</summary>
public sealed class AdminUsersTests
{
    private const long Admin = Shop.AdminTelegramId;

    private static IEnumerable<JsonElement> Items(JsonElement list) => list.GetProperty("items").EnumerateArray();

    [Fact]
    public async Task Admins_list_users_newest_first_and_search_them_by_name_username_phone_or_telegram_id()
    {
        await using var host = await Shop.StartAsync();
        await host.ScalarAsync<int>("""
            INSERT INTO users (telegram_id, first_name, last_name, username, phone, created_at) VALUES
              (19001, 'Dilnoza', 'Karimova', 'dilnoza_k', '+998901112233', now() - interval '3 days'),
              (19002, 'Bobur', 'Toshmatov', NULL, '+998935556677', now() - interval '2 days'),
              (19003, 'Анна', 'Ким', 'anna_kim', NULL, now() - interval '1 day')
            RETURNING 1
            """);
        var (status, all) = await Shop.AsAsync(host, Admin, HttpMethod.Get, "/api/admin/users?limit=2");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(4, all.GetProperty("total").GetInt64()); // the three and the admin who asked (signed in just now)
        Assert.Equal(new long[] { Admin, 19003 }, Items(all).Select(u => u.GetProperty("telegram_id").GetInt64()));
        var me = Items(all).First();
        Assert.True(me.GetProperty("is_admin").GetBoolean());
        Assert.True(me.GetProperty("admin_in_config").GetBoolean());
        Assert.True(me.GetProperty("is_active").GetBoolean());

        foreach (var (search, expected) in new[] { ("karim", 19001L), ("ДИЛ", -1), ("anna_", 19003), ("Ким", 19003), ("93 555 66", 19002), ("19002", 19002), ("toshmatov", 19002) })
        {
            var (s, found) = await Shop.AsAsync(host, Admin, HttpMethod.Get, "/api/admin/users?search=" + Uri.EscapeDataString(search));
            Assert.Equal(HttpStatusCode.OK, s);
            var ids = Items(found).Select(u => u.GetProperty("telegram_id").GetInt64()).ToList();
            Assert.Equal(expected < 0 ? [] : new List<long> { expected }, ids);
            Assert.Equal(ids.Count, found.GetProperty("total").GetInt64());
        }
        // A wildcard typed by the admin is a character, not a pattern.
        Assert.Empty(Items((await Shop.AsAsync(host, Admin, HttpMethod.Get, "/api/admin/users?search=%25")).Body));
        Assert.Equal(HttpStatusCode.Forbidden, (await Shop.AsAsync(host, 19001, HttpMethod.Get, "/api/admin/users")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Shop.AsAsync(host, Admin, HttpMethod.Get, "/api/admin/users?page=0")).Status);
    }

    [Fact]
    public async Task A_blocked_user_gets_403_on_every_customer_call_and_their_cart_is_not_checked_out_until_unblocked()
    {
        await using var host = await Shop.StartAsync();
        var product = await Shop.ProductAsync(host, "BLOCK-1", 10_000, 10);
        const long customer = 19101;
        var shopper = new Shopper(host, customer);
        await Shop.FillCartAsync(shopper, (product, 2));
        var userId = await host.ScalarAsync<int>("SELECT id FROM users WHERE telegram_id = $1", customer);

        var (blocked, reply) = await Shop.AsAsync(host, Admin, HttpMethod.Patch, $"/api/admin/users/{userId}", new { is_active = false });
        Assert.Equal(HttpStatusCode.OK, blocked);
        Assert.False(reply.GetProperty("is_active").GetBoolean());

        // At once on this instance (no wait for the known-users cache), on every customer route.
        (HttpMethod, string, object?)[] calls =
        [
            (HttpMethod.Post, "/api/users/validate", null), (HttpMethod.Get, "/api/users/profile", null),
            (HttpMethod.Put, "/api/users/profile", new { first_name = "X" }), (HttpMethod.Get, "/api/users/favorites", null),
            (HttpMethod.Post, $"/api/users/favorites/{product}", null), (HttpMethod.Get, "/api/cart", null),
            (HttpMethod.Post, "/api/cart", new { product_id = product, quantity = 3 }), (HttpMethod.Delete, "/api/cart", null),
            (HttpMethod.Post, "/api/orders", Shop.Checkout), (HttpMethod.Get, "/api/orders", null),
        ];
        foreach (var (method, path, body) in calls)
        {
            using var r = await shopper.SendAsync(method, path, body);
            Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)r.StatusCode}");
            Assert.Equal("user_blocked", await Replies.ProblemCodeAsync(r));
        }
        // The catalog stays public: their initData is simply not taken.
        using (var catalog = await shopper.SendAsync(HttpMethod.Get, "/api/products")) Assert.Equal(HttpStatusCode.OK, catalog.StatusCode);
        Assert.Equal(2, await host.ScalarAsync<int>("SELECT quantity FROM cart_items WHERE user_id = $1", userId));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(0, (await Shop.FiguresAsync(host, product)).Reserved);

        // Another instance may still hold the user as active for a few seconds: the checkout itself reads the flag.
        var direct = await CartCheckout.PlaceAsync(host.Db, new CartCheckoutRequest(userId, null, null, "+998901234567", "Toshkent", null, null), CancellationToken.None);
        Assert.IsType<CartCheckoutResult.Blocked>(direct);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM cart_items"));

        var (unblocked, again) = await Shop.AsAsync(host, Admin, HttpMethod.Patch, $"/api/admin/users/{userId}", new { is_active = true });
        Assert.Equal(HttpStatusCode.OK, unblocked);
        Assert.True(again.GetProperty("is_active").GetBoolean());
        Assert.Equal(HttpStatusCode.Created, (await Shop.PlaceAsync(host, customer)).Status);
        Assert.Equal(2, (await Shop.FiguresAsync(host, product)).Reserved);
    }

    [Fact]
    public async Task Admins_are_made_and_removed_through_the_admin_rule_for_api_and_bot_but_nobody_blocks_or_demotes_themselves()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await Infrastructure.StoreHost.StartAsync(BotTestKit.Settings(fake, ("RateLimits:Enabled", "false")));
        const long helper = 19201;
        var helperId = await host.ScalarAsync<int>("INSERT INTO users (telegram_id, first_name, language) VALUES ($1, 'Helper', 'ru') RETURNING id", helper);
        var configAdmin = BotTestKit.AdminId;
        Assert.Equal(HttpStatusCode.Forbidden, (await Shop.AsAsync(host, helper, HttpMethod.Get, "/api/admin/orders")).Status);

        var (made, reply) = await Shop.AsAsync(host, configAdmin, HttpMethod.Patch, $"/api/admin/users/{helperId}", new { is_admin = true });
        Assert.Equal(HttpStatusCode.OK, made);
        Assert.True(reply.GetProperty("is_admin").GetBoolean());
        Assert.False(reply.GetProperty("admin_in_config").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await Shop.AsAsync(host, helper, HttpMethod.Get, "/api/admin/orders")).Status);
        // The bot applies the same rule: /orders answers them as an admin.
        using (await BotTestKit.PostAsync(host, BotTestKit.Message(helper, "/orders", language: "ru"))) { }
        await fake.WaitForAsync(_ => fake.Sent(helper).Count >= 1, TimeSpan.FromSeconds(15), "the bot's reply to the new admin");
        Assert.Contains("Заказов нет", BotTestKit.Text(fake.Sent(helper)[0]));

        // The new admin may not block or demote themselves, nor demote an admin the configuration names.
        var configAdminId = await host.ScalarAsync<int>("SELECT id FROM users WHERE telegram_id = $1", configAdmin);
        foreach (var (body, target, code) in new (object, int, string)[]
                 {
                     (new { is_admin = false }, helperId, "cannot_change_self"), (new { is_active = false }, helperId, "cannot_change_self"),
                     (new { is_admin = false }, configAdminId, "admin_in_config"),
                 })
        {
            var (s, problem) = await Shop.AsAsync(host, helper, HttpMethod.Patch, $"/api/admin/users/{target}", body);
            Assert.Equal(HttpStatusCode.Conflict, s);
            Assert.Equal(code, problem.GetProperty("code").GetString());
        }
        Assert.True(await host.ScalarAsync<bool>("SELECT is_admin AND is_active FROM users WHERE id = $1", helperId));

        var (removed, after) = await Shop.AsAsync(host, configAdmin, HttpMethod.Patch, $"/api/admin/users/{helperId}", new { is_admin = false });
        Assert.Equal(HttpStatusCode.OK, removed);
        Assert.False(after.GetProperty("is_admin").GetBoolean());
        Assert.Equal(HttpStatusCode.Forbidden, (await Shop.AsAsync(host, helper, HttpMethod.Get, "/api/admin/orders")).Status);

        Assert.Equal(HttpStatusCode.NotFound, (await Shop.AsAsync(host, configAdmin, HttpMethod.Patch, "/api/admin/users/987654", new { is_admin = true })).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await Shop.AsAsync(host, configAdmin, HttpMethod.Patch, $"/api/admin/users/{helperId}", new { })).Status);
    }
}
