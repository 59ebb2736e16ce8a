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

        await host.ScalarAsync<int>("UPDATE users SET is_admin = TRUE WHERE telegram_id = 777001 RETURNING id");
        Assert.Equal(HttpStatusCode.Forbidden, await AdminOrders());
        clock.Advance(TimeSpan.FromSeconds(31));
        Assert.Equal(HttpStatusCode.OK, await AdminOrders());
    }
}
