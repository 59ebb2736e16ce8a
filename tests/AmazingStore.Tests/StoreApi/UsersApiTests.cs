using System.Net;
using System.Net.Http.Headers;
using AmazingStore.Tests.Infrastructure;

namespace AmazingStore.Tests.StoreApi;

public sealed class UsersApiTests
{
    [Fact]
    public async Task Missing_forged_expired_or_malformed_init_data_is_401_and_creates_no_user()
    {
        await using var host = await StoreHost.StartAsync();
        var valid = InitData.For(501);
        string?[] bad =
        [
            null,
            valid.Replace("Aziz", "Hacker"),                                      // changed after signing
            InitData.For(501, botToken: "123:another_bot"),                       // signed by someone else
            InitData.For(501, authDate: DateTimeOffset.UtcNow.AddDays(-2)),      // older than a day
            "user=%7B%22id%22%3A1%7D&hash=zz",                                    // not hex
            "%%%&&==",
            valid + "&hash=" + new string('0', 64),                               // repeated key
        ];
        foreach (var initData in bad)
        {
            var req = new HttpRequestMessage(HttpMethod.Post, "/api/users/validate");
            if (initData is not null) req.Headers.TryAddWithoutValidation("Authorization", "tma " + initData);
            using var reply = await host.Client.SendAsync(req);
            Assert.True(reply.StatusCode == HttpStatusCode.Unauthorized, $"{initData} → {(int)reply.StatusCode}");
            Assert.Equal("invalid_init_data", await Replies.ProblemCodeAsync(reply));
        }
        var basic = new HttpRequestMessage(HttpMethod.Get, "/api/users/profile");
        basic.Headers.Authorization = new AuthenticationHeaderValue("Bearer", valid);
        using (var reply = await host.Client.SendAsync(basic)) Assert.Equal(HttpStatusCode.Unauthorized, reply.StatusCode);
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task First_valid_request_creates_the_user_once_and_validate_returns_it_with_favorites()
    {
        await using var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Telegram:AdminIds:0"] = "777" });
        await CatalogSeed.SeedAsync(host);
        var shopper = new Shopper(host, 601);

        var replies = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => shopper.JsonAsync(HttpMethod.Post, "/api/users/validate")));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM users WHERE telegram_id = 601"));
        var user = replies[0].GetProperty("user");
        Assert.Equal(601, user.GetProperty("telegram_id").GetInt64());
        Assert.Equal("Aziz", user.GetProperty("first_name").GetString());
        Assert.Equal("uz", user.GetProperty("language").GetString());
        Assert.False(user.GetProperty("is_admin").GetBoolean());
        Assert.Equal(0, replies[0].GetProperty("favorites").GetArrayLength());

        var admin = await new Shopper(host, 777).JsonAsync(HttpMethod.Post, "/api/users/validate");
        Assert.True(admin.GetProperty("user").GetProperty("is_admin").GetBoolean());
    }

    [Fact]
    public async Task Profile_updates_validate_the_phone_and_write_nothing_when_invalid()
    {
        await using var host = await StoreHost.StartAsync();
        var shopper = new Shopper(host, 602);

        using (var bad = await shopper.SendAsync(HttpMethod.Put, "/api/users/profile", new { first_name = "Ali", phone = "90 123 45 67" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("validation_failed", await Replies.ProblemCodeAsync(bad));
        }
        Assert.Equal("Aziz", await host.ScalarAsync<string>("SELECT first_name FROM users WHERE telegram_id = 602"));
        using (var badLang = await shopper.SendAsync(HttpMethod.Put, "/api/users/profile", new { language = "en" }))
            Assert.Equal(HttpStatusCode.BadRequest, badLang.StatusCode);
        using (var notJson = await host.Client.SendAsync(WithBody(InitData.For(602), "{\"phone\": ")))
            Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        var updated = await shopper.JsonAsync(HttpMethod.Put, "/api/users/profile",
            new { first_name = "Ali", last_name = "Valiyev", phone = "+998 90 123-45-67", language = "ru" });
        var user = updated.GetProperty("user");
        Assert.Equal("Ali", user.GetProperty("first_name").GetString());
        Assert.Equal("+998901234567", user.GetProperty("phone").GetString());
        Assert.Equal("ru", user.GetProperty("language").GetString());

        // Null keeps a field, an empty phone clears it.
        var cleared = await shopper.JsonAsync(HttpMethod.Put, "/api/users/profile", new { phone = "" });
        Assert.Equal("Valiyev", cleared.GetProperty("user").GetProperty("last_name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, cleared.GetProperty("user").GetProperty("phone").ValueKind);
        var read = await shopper.JsonAsync(HttpMethod.Get, "/api/users/profile");
        Assert.Equal("Ali", read.GetProperty("user").GetProperty("first_name").GetString());
    }

    private static HttpRequestMessage WithBody(string initData, string json)
    {
        var req = InitData.Request(HttpMethod.Put, "/api/users/profile", initData);
        req.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        return req;
    }

    [Fact]
    public async Task Favorites_add_remove_and_replace_are_per_user_and_show_on_products()
    {
        await using var host = await StoreHost.StartAsync();
        await CatalogSeed.SeedAsync(host);
        var a = new Shopper(host, 701);
        var b = new Shopper(host, 702);

        for (var i = 0; i < 2; i++) // adding twice is fine
            using (var added = await a.SendAsync(HttpMethod.Post, $"/api/users/favorites/{CatalogSeed.Galaxy}"))
                Assert.Equal(HttpStatusCode.NoContent, added.StatusCode);
        using (var unknown = await a.SendAsync(HttpMethod.Post, "/api/users/favorites/999999"))
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using (var retired = await a.SendAsync(HttpMethod.Post, $"/api/users/favorites/{CatalogSeed.Retired}"))
            Assert.Equal(HttpStatusCode.NotFound, retired.StatusCode);

        Assert.Equal(new[] { CatalogSeed.Galaxy }, Ids(await a.JsonAsync(HttpMethod.Get, "/api/users/favorites")));
        Assert.Empty(Ids(await b.JsonAsync(HttpMethod.Get, "/api/users/favorites")));
        Assert.True((await a.JsonAsync(HttpMethod.Get, $"/api/products/{CatalogSeed.Galaxy}")).GetProperty("is_favorite").GetBoolean());
        Assert.False((await b.JsonAsync(HttpMethod.Get, $"/api/products/{CatalogSeed.Galaxy}")).GetProperty("is_favorite").GetBoolean());

        var replaced = await a.JsonAsync(HttpMethod.Put, "/api/users/favorites", new { product_ids = new[] { CatalogSeed.Novel, CatalogSeed.Redmi, CatalogSeed.Novel } });
        Assert.Equal(new[] { CatalogSeed.Novel, CatalogSeed.Redmi }, Ids(replaced).Order().ToArray());
        using (var bad = await a.SendAsync(HttpMethod.Put, "/api/users/favorites", new { product_ids = new[] { CatalogSeed.Galaxy, 999999 } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal("validation_failed", await Replies.ProblemCodeAsync(bad));
        }
        Assert.Equal(new[] { CatalogSeed.Novel, CatalogSeed.Redmi }, Ids(await a.JsonAsync(HttpMethod.Get, "/api/users/favorites")).Order().ToArray());

        using (var removed = await a.SendAsync(HttpMethod.Delete, $"/api/users/favorites/{CatalogSeed.Novel}"))
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        var validate = await a.JsonAsync(HttpMethod.Post, "/api/users/validate");
        Assert.Equal(new[] { CatalogSeed.Redmi }, validate.GetProperty("favorites").EnumerateArray().Select(x => x.GetInt32()).ToArray());
    }

    private static int[] Ids(System.Text.Json.JsonElement reply) =>
        reply.GetProperty("product_ids").EnumerateArray().Select(x => x.GetInt32()).ToArray();
}
