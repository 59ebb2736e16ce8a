using System.Net;
using AmazingStore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Tests.StoreApi;

public sealed class KnownUsersTests
{
    /// <summary>A clock that moves only when told to, for the timestamp-based cache lifetime.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks;
        public override DateTimeOffset GetUtcNow() => start + TimeSpan.FromTicks(Interlocked.Read(ref _ticks));
        public override long GetTimestamp() => Interlocked.Read(ref _ticks);
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
    }

    [Fact]
    public async Task Authenticated_requests_reuse_the_user_row_and_see_a_new_admin_flag_after_the_cache_lifetime()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = await StoreHost.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var initData = InitData.For(777_001, "Dilnoza");

        async Task<HttpStatusCode> AdminOrders()
        {
            using var reply = await host.Client.SendAsync(InitData.Request(HttpMethod.Get, "/api/admin/orders", initData));
            return reply.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Forbidden, await AdminOrders());
        var sequenceBefore = await host.ScalarAsync<long>("SELECT last_value FROM users_id_seq");
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Forbidden, await AdminOrders());
        // No insert was even attempted for a known user (an attempted insert would take a sequence value).
        Assert.Equal(sequenceBefore, await host.ScalarAsync<long>("SELECT last_value FROM users_id_seq"));

        // A change whose notification never came (the trigger off, as if the listener had missed it): the entry
        // still ends with its lifetime.
        await host.ScalarAsync<int>("ALTER TABLE users DISABLE TRIGGER users_access_notify; SELECT 1");
        await host.ScalarAsync<int>("UPDATE users SET is_admin = TRUE WHERE telegram_id = 777001 RETURNING id");
        await host.ScalarAsync<int>("ALTER TABLE users ENABLE TRIGGER users_access_notify; SELECT 1");
        Assert.Equal(HttpStatusCode.Forbidden, await AdminOrders());
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.OK, await AdminOrders());
    }

    [Fact]
    public async Task A_grant_or_a_block_made_elsewhere_is_heard_at_once_not_after_the_cache_lifetime()
    {
        // The clock stands still: only the NOTIFY can end the cached entries.
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var host = await StoreHost.StartAsync(configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        var initData = InitData.For(777_002, "Sardor");
        async Task<HttpStatusCode> Get(string path)
        {
            using var reply = await host.Client.SendAsync(InitData.Request(HttpMethod.Get, path, initData));
            return reply.StatusCode;
        }
        async Task<HttpStatusCode> Eventually(string path, HttpStatusCode wanted)
        {
            var status = await Get(path);
            for (var i = 0; i < 50 && status != wanted; i++)
            {
                await Task.Delay(100);
                status = await Get(path);
            }
            return status;
        }
        Assert.Equal(HttpStatusCode.Forbidden, await Get("/api/admin/orders"));
        Assert.Equal(HttpStatusCode.OK, await Get("/api/users/profile"));

        // Another instance (here plain SQL) grants the right, then blocks the user.
        await host.ScalarAsync<int>("UPDATE users SET is_admin = TRUE WHERE telegram_id = 777002 RETURNING id");
        Assert.Equal(HttpStatusCode.OK, await Eventually("/api/admin/orders", HttpStatusCode.OK));
        await host.ScalarAsync<int>("UPDATE users SET is_active = FALSE, is_admin = FALSE WHERE telegram_id = 777002 RETURNING id");
        Assert.Equal(HttpStatusCode.Forbidden, await Eventually("/api/users/profile", HttpStatusCode.Forbidden));
    }
}
