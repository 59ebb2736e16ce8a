using System.Net;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.StoreApi;

namespace AmazingStore.Tests.Security;

/// <summary>Issue 17 item 7: admin calls take only recent initData, and a revoked admin is refused at once.</summary>
public sealed class AdminAccessTests
{
    private const long ConfigAdmin = 917_101;
    private const long RowAdmin = 917_102;

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(StoreHost host, string path, string initData)
    {
        using var reply = await host.Client.SendAsync(InitData.Request(HttpMethod.Get, path, initData));
        return (reply.StatusCode, await reply.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Admin_routes_refuse_initData_older_than_the_admin_age_that_customer_routes_still_take()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["Telegram:AdminIds:0"] = ConfigAdmin.ToString(),
            ["Telegram:AdminInitDataMaxAgeSeconds"] = "600",
        });
        var fresh = InitData.For(ConfigAdmin, authDate: DateTimeOffset.UtcNow.AddSeconds(-60));
        var old = InitData.For(ConfigAdmin, authDate: DateTimeOffset.UtcNow.AddSeconds(-1200));

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, "/api/admin/orders", fresh)).Status);
        var (status, body) = await GetAsync(host, "/api/admin/orders", old);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("\"invalid_init_data\"", body);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(host, "/api/admin/marketplaces", old)).Status);
        // The same initData is still good for the customer's own calls (their age is Telegram:InitDataMaxAgeSeconds).
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, "/api/users/profile", old)).Status);
        // A customer with old initData on an admin route is still a plain 403.
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(host, "/api/admin/orders", InitData.For(917_109, authDate: DateTimeOffset.UtcNow.AddSeconds(-1200)))).Status);
    }

    [Fact]
    public async Task The_default_admin_age_is_an_hour()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Telegram:AdminIds:0"] = ConfigAdmin.ToString() });
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, "/api/admin/orders", InitData.For(ConfigAdmin, authDate: DateTimeOffset.UtcNow.AddMinutes(-50)))).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(host, "/api/admin/orders", InitData.For(ConfigAdmin, authDate: DateTimeOffset.UtcNow.AddMinutes(-70)))).Status);
    }

    [Fact]
    public async Task Admin_rights_revoked_in_the_database_take_effect_on_the_next_admin_call()
    {
        await using var host = await StoreHost.StartAsync();
        var initData = InitData.For(RowAdmin, "Rustam");
        // The first call creates the row; the admin flag is then set and waited for (a grant may take the cache's lifetime).
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, "/api/users/profile", initData)).Status);
        await host.ScalarAsync<int>("UPDATE users SET is_admin = TRUE WHERE telegram_id = $1 RETURNING 1", RowAdmin);
        var deadline = DateTime.UtcNow.AddSeconds(45);
        while ((await GetAsync(host, "/api/admin/orders", initData)).Status != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, "the grant was not seen within the cache lifetime");
            await Task.Delay(500);
        }

        // Revoked: the very next admin call is refused, though this instance's user cache still says admin.
        await host.ScalarAsync<int>("UPDATE users SET is_admin = FALSE WHERE telegram_id = $1 RETURNING 1", RowAdmin);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(host, "/api/admin/orders", initData)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await GetAsync(host, "/api/admin/marketplaces", initData)).Status);

        // Given back, then the user blocked: the admin route refuses at once as well.
        await host.ScalarAsync<int>("UPDATE users SET is_admin = TRUE WHERE telegram_id = $1 RETURNING 1", RowAdmin);
        while ((await GetAsync(host, "/api/admin/orders", initData)).Status != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline.AddSeconds(45), "the second grant was not seen");
            await Task.Delay(500);
        }
        await host.ScalarAsync<int>("UPDATE users SET is_active = FALSE WHERE telegram_id = $1 RETURNING 1", RowAdmin);
        Assert.NotEqual(HttpStatusCode.OK, (await GetAsync(host, "/api/admin/orders", initData)).Status);
    }
}
