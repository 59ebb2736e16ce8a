using System.Net;
using System.Text.Json;
using AmazingStore.Tests.Infrastructure;

namespace AmazingStore.Tests.StoreApi;

public sealed class CatalogApiTests
{
    private static async Task<JsonElement> GetJsonAsync(StoreHost host, string path)
    {
        using var reply = await host.Client.GetAsync(path);
        var text = await reply.Content.ReadAsStringAsync();
        Assert.True(reply.StatusCode == HttpStatusCode.OK, $"GET {path} → {(int)reply.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static int[] Ids(JsonElement list) => list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt32()).ToArray();

    [Fact]
    public async Task Categories_and_banners_are_the_active_ones_by_sort_order_in_the_asked_language()
    {
        await using var host = await StoreHost.StartAsync();
        await CatalogSeed.SeedAsync(host);

        var uz = await GetJsonAsync(host, "/api/categories");
        Assert.Equal(new[] { CatalogSeed.Books, CatalogSeed.Phones, CatalogSeed.Smartphones }, Ids(uz));
        var ru = await GetJsonAsync(host, "/api/categories?lang=ru");
        var names = ru.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToArray();
        // An empty Russian name falls back to Uzbek.
        Assert.Equal(new[] { "Книги", "Телефоны", "Smartfonlar" }, names);
        Assert.Equal(CatalogSeed.Phones, ru.GetProperty("items")[2].GetProperty("parent_id").GetInt32());

        var banners = await GetJsonAsync(host, "/api/banners?lang=ru");
        var items = banners.GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(2, items.Length);
        Assert.Equal("Yangi", items[0].GetProperty("title").GetString());
        Assert.Equal("Скидка", items[1].GetProperty("title").GetString());
        Assert.Equal("product", items[1].GetProperty("link_type").GetString());
        Assert.Equal(10, items[1].GetProperty("link_id").GetInt32());
    }

    [Fact]
    public async Task Queued_order_counts_reach_the_popular_sort_with_the_next_background_flush()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Catalog:ViewFlushSeconds"] = "0.2" });
        await CatalogSeed.SeedAsync(host);
        Assert.Equal(CatalogSeed.Redmi, Ids(await GetJsonAsync(host, "/api/products?sort=popular"))[0]); // cached now
        var before = await host.ScalarAsync<int>("SELECT order_count FROM products WHERE id = $1", CatalogSeed.Novel);

        // What orders queue (OrderWorkflow): two orders of the novel, 500 units each.
        await host.ScalarAsync<int>("INSERT INTO order_count_deltas VALUES ($1, 500), ($1, 500) RETURNING 1", CatalogSeed.Novel);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await host.ScalarAsync<long>("SELECT count(*) FROM order_count_deltas") > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(50);

        Assert.Equal(before + 1000, await host.ScalarAsync<int>("SELECT order_count FROM products WHERE id = $1", CatalogSeed.Novel));
        // The flush told the caches: the popular page is read again, with the novel first.
        deadline = DateTime.UtcNow.AddSeconds(5);
        while (Ids(await GetJsonAsync(host, "/api/products?sort=popular"))[0] != CatalogSeed.Novel && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(CatalogSeed.Novel, Ids(await GetJsonAsync(host, "/api/products?sort=popular"))[0]);
    }

    [Fact]
    public async Task Products_filter_by_category_subtree_search_and_sort_with_available_stock()
    {
        await using var host = await StoreHost.StartAsync();
        await CatalogSeed.SeedAsync(host);

        var all = await GetJsonAsync(host, "/api/products");
        Assert.Equal(new[] { CatalogSeed.Novel, CatalogSeed.Redmi, CatalogSeed.Galaxy, CatalogSeed.NoStock }, Ids(all)); // newest first
        Assert.Equal(4, all.GetProperty("total").GetInt64());
        Assert.Equal(1, all.GetProperty("page").GetInt32());
        Assert.Equal(20, all.GetProperty("limit").GetInt32());

        // The parent category includes its subcategory's products.
        var phones = await GetJsonAsync(host, $"/api/products?category_id={CatalogSeed.Phones}&sort=price_asc");
        Assert.Equal(new[] { CatalogSeed.NoStock, CatalogSeed.Redmi, CatalogSeed.Galaxy }, Ids(phones));
        var popular = await GetJsonAsync(host, "/api/products?sort=popular");
        Assert.Equal(CatalogSeed.Redmi, Ids(popular)[0]);
        var dear = await GetJsonAsync(host, "/api/products?sort=price_desc&limit=1&page=2");
        Assert.Equal(new[] { CatalogSeed.Redmi }, Ids(dear));
        Assert.Equal(4, dear.GetProperty("total").GetInt64());

        Assert.Equal(new[] { CatalogSeed.Galaxy }, Ids(await GetJsonAsync(host, "/api/products?search=телефон")));
        Assert.Equal(new[] { CatalogSeed.Redmi }, Ids(await GetJsonAsync(host, "/api/products?search=4780000000027")));
        Assert.Equal(new[] { CatalogSeed.Galaxy }, Ids(await GetJsonAsync(host, "/api/products?search=sm-gal")));
        // % and _ in a search are literal characters, not wildcards.
        Assert.Equal(new[] { CatalogSeed.Novel }, Ids(await GetJsonAsync(host, "/api/products?search=100_%25")));
        Assert.Empty(Ids(await GetJsonAsync(host, "/api/products?search=%25%25x")));

        var galaxy = await GetJsonAsync(host, $"/api/products/{CatalogSeed.Galaxy}?lang=ru");
        Assert.Equal("Телефон Galaxy", galaxy.GetProperty("name").GetString());
        Assert.Equal("Yaxshi", galaxy.GetProperty("description").GetString());
        Assert.Equal(5000000m, galaxy.GetProperty("price").GetDecimal());
        Assert.Equal(4500000m, galaxy.GetProperty("display_price").GetDecimal());
        Assert.Equal(5, galaxy.GetProperty("stock_quantity").GetInt32()); // 7 on hand − 2 reserved
        Assert.False(galaxy.TryGetProperty("is_favorite", out _));
        var noStock = await GetJsonAsync(host, $"/api/products/{CatalogSeed.NoStock}");
        Assert.Equal(0, noStock.GetProperty("stock_quantity").GetInt32());
        Assert.Equal(300000m, noStock.GetProperty("display_price").GetDecimal());
    }

    [Fact]
    public async Task Bad_query_parameters_are_400_problems()
    {
        await using var host = await StoreHost.StartAsync();
        (string Path, string Code)[] cases =
        [
            ("/api/products?limit=0", "validation_failed"), ("/api/products?limit=101", "validation_failed"),
            ("/api/products?page=0", "validation_failed"), ("/api/products?page=abc", "bad_request"),
            ("/api/products?sort=cheap", "validation_failed"), ("/api/products?lang=en", "validation_failed"),
            ("/api/categories?lang=de", "validation_failed"), ("/api/products/1?lang=xx", "validation_failed"),
        ];
        foreach (var (path, code) in cases)
        {
            using var reply = await host.Client.GetAsync(path);
            Assert.True(reply.StatusCode == HttpStatusCode.BadRequest, $"{path} → {(int)reply.StatusCode}");
            Assert.Equal(code, await Replies.ProblemCodeAsync(reply));
        }
    }

    [Fact]
    public async Task Unknown_and_inactive_products_are_404()
    {
        await using var host = await StoreHost.StartAsync();
        await CatalogSeed.SeedAsync(host);
        foreach (var path in new[] { $"/api/products/{CatalogSeed.Retired}", "/api/products/999999" })
        {
            using var reply = await host.Client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, reply.StatusCode);
            Assert.Equal("not_found", await Replies.ProblemCodeAsync(reply));
        }
        Assert.DoesNotContain(CatalogSeed.Retired, Ids(await GetJsonAsync(host, "/api/products?search=Eski")));
    }
}
