using System.Diagnostics;
using System.Net;
using System.Text.Json;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Web.Catalog;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AmazingStore.Tests.StoreApi;

public sealed class CatalogCacheTests
{
    private static async Task<JsonElement> GetAsync(StoreHost host, string path)
    {
        using var reply = await host.Client.GetAsync(path);
        var text = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.StatusCode == HttpStatusCode.OK, $"GET {path} → {(int)reply.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static decimal PriceOf(JsonElement list, int id) =>
        list.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("id").GetInt32() == id).GetProperty("price").GetDecimal();

    /// <summary>Asks until the reply shows what is expected; NOTIFY arrives within milliseconds, 2 s is the bound.</summary>
    private static async Task<JsonElement> EventuallyAsync(StoreHost host, string path, Func<JsonElement, bool> expected)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var reply = await GetAsync(host, path);
            if (expected(reply)) return reply;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"GET {path} still shows {reply} after 2 s");
            await Task.Delay(20);
        }
    }

    private static async Task WaitListeningAsync(StoreHost host)
    {
        var signals = host.Services.GetRequiredService<AmazingStore.Data.Signals.DbSignals>();
        for (var i = 0; i < 250 && !signals.Listening; i++) await Task.Delay(20);
        Assert.True(signals.Listening, "the LISTEN connection never came up");
    }

    private static async Task ExecAsync(NpgsqlDataSource db, string sql)
    {
        await using var cmd = db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Replies_are_cached_until_a_price_changed_in_sql_shows_in_the_next_list()
    {
        await using var host = await StoreHost.StartAsync();
        await CatalogSeed.SeedAsync(host);
        await WaitListeningAsync(host);
        var cache = host.Services.GetRequiredService<CatalogCache>();

        await EventuallyAsync(host, "/api/products?lang=ru", r => PriceOf(r, CatalogSeed.Redmi) == 2000000m);
        await Task.Delay(200); // the seed's own notification has surely come and gone
        var before = await GetAsync(host, "/api/products?lang=ru");
        Assert.True(cache.TryGet($"p|ru|1|20||new|", out _));
        // A write that sends no notification is not seen: the reply really comes from the cache.
        await ExecAsync(host.Db, $"BEGIN; SET LOCAL amazing.quiet_catalog = 'on'; UPDATE products SET price = 1 WHERE id = {CatalogSeed.Redmi}; COMMIT;");
        await Task.Delay(200);
        Assert.Equal(before.ToString(), (await GetAsync(host, "/api/products?lang=ru")).ToString());

        await ExecAsync(host.Db, $"UPDATE products SET price = 1999000 WHERE id = {CatalogSeed.Redmi}");
        await EventuallyAsync(host, "/api/products?lang=ru", r => PriceOf(r, CatalogSeed.Redmi) == 1999000m);
        // Stock is part of the reply too.
        await GetAsync(host, $"/api/products/{CatalogSeed.Redmi}");
        await ExecAsync(host.Db, $"UPDATE inventory SET quantity = 1 WHERE product_id = {CatalogSeed.Redmi}");
        await EventuallyAsync(host, $"/api/products/{CatalogSeed.Redmi}", r => r.GetProperty("stock_quantity").GetInt32() == 1);
        // Categories and banners as well.
        await GetAsync(host, "/api/categories");
        await ExecAsync(host.Db, $"UPDATE categories SET name_uz = 'Kitoblar 2' WHERE id = {CatalogSeed.Books}");
        await EventuallyAsync(host, "/api/categories", r => r.GetProperty("items")[0].GetProperty("name").GetString() == "Kitoblar 2");
        await GetAsync(host, "/api/banners");
        await ExecAsync(host.Db, "UPDATE banners SET is_active = FALSE WHERE title_uz = 'Yangi'");
        await EventuallyAsync(host, "/api/banners", r => r.GetProperty("items").GetArrayLength() == 1);
    }

    [Fact]
    public async Task A_write_through_host_a_is_seen_through_the_cache_of_host_b()
    {
        await using var a = await StoreHost.StartAsync();
        await using var b = await StoreHost.StartAsync(connectionString: a.ConnectionString);
        await CatalogSeed.SeedAsync(a);
        await WaitListeningAsync(a);
        await WaitListeningAsync(b);

        const string path = "/api/products?category_id=1&sort=price_asc";
        await EventuallyAsync(b, path, r => PriceOf(r, CatalogSeed.Galaxy) == 5000000m);
        Assert.True(b.Services.GetRequiredService<CatalogCache>().Count > 0);
        await ExecAsync(a.Db, $"UPDATE products SET price = 4000000 WHERE id = {CatalogSeed.Galaxy}");
        await EventuallyAsync(b, path, r => PriceOf(r, CatalogSeed.Galaxy) == 4000000m);
        await EventuallyAsync(a, path, r => PriceOf(r, CatalogSeed.Galaxy) == 4000000m);
    }

    [Fact]
    public async Task Favorites_are_per_caller_and_never_leak_through_the_cache()
    {
        await using var host = await StoreHost.StartAsync();
        await CatalogSeed.SeedAsync(host);
        var fan = new Shopper(host, 801);
        var other = new Shopper(host, 802);
        using (var added = await fan.SendAsync(HttpMethod.Post, $"/api/users/favorites/{CatalogSeed.Galaxy}"))
            Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);

        foreach (var path in new[] { "/api/products", $"/api/products/{CatalogSeed.Galaxy}" })
        {
            for (var round = 0; round < 2; round++) // the second round is served from the cache
            {
                var mine = await fan.JsonAsync(HttpMethod.Get, path);
                var theirs = await other.JsonAsync(HttpMethod.Get, path);
                var anonymous = await GetAsync(host, path);
                Assert.True(Galaxy(mine).GetProperty("is_favorite").GetBoolean());
                Assert.False(Galaxy(theirs).GetProperty("is_favorite").GetBoolean());
                Assert.False(Galaxy(anonymous).TryGetProperty("is_favorite", out _));
            }
        }

        static JsonElement Galaxy(JsonElement r) => r.TryGetProperty("items", out var items)
            ? items.EnumerateArray().Single(p => p.GetProperty("id").GetInt32() == CatalogSeed.Galaxy) : r;
    }

    [Fact]
    public async Task Product_views_are_counted_in_memory_and_flushed_in_the_background_without_emptying_the_cache()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Catalog:ViewFlushSeconds"] = "0.2" });
        await CatalogSeed.SeedAsync(host);
        await WaitListeningAsync(host);
        var edited = await host.ScalarAsync<DateTime>("SELECT updated_at FROM products WHERE id = $1", CatalogSeed.Galaxy);
        for (var i = 0; i < 5; i++) await GetAsync(host, $"/api/products/{CatalogSeed.Galaxy}");
        await GetAsync(host, $"/api/products/{CatalogSeed.Novel}");
        using (var missing = await host.Client.GetAsync("/api/products/999999"))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var clock = Stopwatch.StartNew();
        // Both counts: the Galaxy views can go out in a flush before the Novel view is counted.
        while ((await host.ScalarAsync<int>("SELECT view_count FROM products WHERE id = $1", CatalogSeed.Galaxy) < 5
                || await host.ScalarAsync<int>("SELECT view_count FROM products WHERE id = $1", CatalogSeed.Novel) < 1)
               && clock.Elapsed < TimeSpan.FromSeconds(5))
            await Task.Delay(50);
        Assert.Equal(5, await host.ScalarAsync<int>("SELECT view_count FROM products WHERE id = $1", CatalogSeed.Galaxy));
        Assert.Equal(1, await host.ScalarAsync<int>("SELECT view_count FROM products WHERE id = $1", CatalogSeed.Novel));
        await Task.Delay(300);
        // The flush is quiet: the detail reply is still cached.
        Assert.True(host.Services.GetRequiredService<CatalogCache>().TryGet($"d|uz|{CatalogSeed.Galaxy}", out _));
        // A view is not an edit (0048): updated_at stays, and still moves on a content change.
        Assert.Equal(edited, await host.ScalarAsync<DateTime>("SELECT updated_at FROM products WHERE id = $1", CatalogSeed.Galaxy));
        Assert.True(await host.ScalarAsync<DateTime>(
            "UPDATE products SET price = price + 1 WHERE id = $1 RETURNING updated_at", CatalogSeed.Galaxy) > edited);
    }

    [Fact]
    public async Task A_cached_reply_is_dropped_after_the_maximum_age_even_without_a_notification()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Catalog:CacheMaxAgeSeconds"] = "1" });
        await CatalogSeed.SeedAsync(host);
        await WaitListeningAsync(host);
        var cache = host.Services.GetRequiredService<CatalogCache>();
        await GetAsync(host, $"/api/products/{CatalogSeed.Galaxy}");
        Assert.True(cache.TryGet($"d|uz|{CatalogSeed.Galaxy}", out _));
        // Nothing changes and nothing is notified: only the age empties it.
        await Task.Delay(1200);
        Assert.False(cache.TryGet($"d|uz|{CatalogSeed.Galaxy}", out _));
    }

    [Fact]
    public async Task Views_still_in_memory_are_written_on_shutdown()
    {
        var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Catalog:ViewFlushSeconds"] = "3600" });
        string connectionString;
        try
        {
            await CatalogSeed.SeedAsync(host);
            for (var i = 0; i < 3; i++) await GetAsync(host, $"/api/products/{CatalogSeed.Redmi}");
            Assert.Equal(0, await host.ScalarAsync<int>("SELECT view_count FROM products WHERE id = $1", CatalogSeed.Redmi));
            connectionString = host.ConnectionString;
        }
        finally { await host.DisposeAsync(); }

        await using var db = NpgsqlDataSource.Create(connectionString);
        await using var cmd = db.CreateCommand($"SELECT view_count FROM products WHERE id = {CatalogSeed.Redmi}");
        Assert.Equal(3, (int)(await cmd.ExecuteScalarAsync())!);
    }
}
