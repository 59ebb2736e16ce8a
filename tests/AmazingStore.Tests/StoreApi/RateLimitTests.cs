using System.Net;
using AmazingStore.Tests.Infrastructure;

namespace AmazingStore.Tests.StoreApi;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Writes_over_the_limit_are_429_rate_limited_with_retry_after_per_user_and_reads_are_not_limited()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            ["RateLimits:PermitLimit"] = "3", ["RateLimits:WindowSeconds"] = "60",
        });
        await CatalogSeed.SeedAsync(host);
        var busy = new Shopper(host, 901);
        var calm = new Shopper(host, 902);

        for (var i = 0; i < 3; i++)
            using (var ok = await busy.SendAsync(HttpMethod.Post, "/api/cart", new { product_id = CatalogSeed.Novel, quantity = i + 1 }))
                Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        // The window is shared by every write endpoint of the caller.
        foreach (var (method, path) in new[] { (HttpMethod.Post, $"/api/users/favorites/{CatalogSeed.Galaxy}"), (HttpMethod.Delete, "/api/cart") })
        {
            using var limited = await busy.SendAsync(method, path);
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal("rate_limited", await Replies.ProblemCodeAsync(limited));
            var retryAfter = int.Parse(limited.Headers.GetValues("Retry-After").Single());
            Assert.InRange(retryAfter, 1, 60);
        }
        // Nothing the rejected calls asked for happened.
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM favorites"));
        Assert.Equal(3, await host.ScalarAsync<int>("SELECT quantity FROM cart_items"));

        // Reads are not limited, and another user has a window of their own.
        using (var read = await busy.SendAsync(HttpMethod.Get, "/api/cart")) Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using (var other = await calm.SendAsync(HttpMethod.Post, $"/api/users/favorites/{CatalogSeed.Galaxy}"))
            Assert.Equal(HttpStatusCode.NoContent, other.StatusCode);
    }

    [Fact]
    public async Task The_window_passes_and_writes_are_allowed_again()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?>
        {
            // Two seconds: on a loaded machine two requests in a row can take longer than half a second.
            ["RateLimits:PermitLimit"] = "1", ["RateLimits:WindowSeconds"] = "2",
        });
        var user = new Shopper(host, 903);
        using (var first = await user.SendAsync(HttpMethod.Delete, "/api/cart")) Assert.Equal(HttpStatusCode.NoContent, first.StatusCode);
        using (var second = await user.SendAsync(HttpMethod.Delete, "/api/cart")) Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        await Task.Delay(2300);
        using var third = await user.SendAsync(HttpMethod.Delete, "/api/cart");
        Assert.Equal(HttpStatusCode.NoContent, third.StatusCode);
    }
}
