using System.Net;
using AmazingStore.Bot.Telegram.InitData;
using AmazingStore.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Tests.StoreApi;

/// <summary>A clock that stands still where a test puts it.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

public sealed class InitDataValidationTests
{
    // The example published in telegram.md (signed by Telegram, so independent of our signing code).
    private const string PublishedToken = "5768337691:AAH5YkoiEuPk8-FZa32hStHTqXiLPtAEhx8";
    private const string Published =
        "query_id=AAHdF6IQAAAAAN0XohDhrOrc&user=%7B%22id%22%3A279058397%2C%22first_name%22%3A%22Vladislav%22%2C%22last_name%22%3A%22Kibenko%22%2C%22username%22%3A%22vdkfrost%22%2C%22language_code%22%3A%22ru%22%2C%22is_premium%22%3Atrue%7D&auth_date=1662771648&hash=c501b71e775f74ce10e377dea85a7ea24ecd640b223ea86dfe453e0eaed2e2b2";
    private const long PublishedAuthDate = 1662771648;

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>Every input that must not sign anyone in, each with why.</summary>
    public static TheoryData<string, string?> Invalid() => new()
    {
        { "changed hash", Published[..^1] + (Published[^1] == '2' ? '3' : '2') },
        { "changed field", Published.Replace("Vladislav", "Vladimir") },
        { "missing hash", Published[..Published.IndexOf("&hash=", StringComparison.Ordinal)] },
        { "empty", "" },
        { "null", null },
        { "non-ASCII hash", Published[..^64] + "%D1%84" + Published[^63..] },
        { "non-hex hash", Published[..^64] + new string('z', 64) },
        { "garbage", "%%%&&==" },
        { "garbage 2", "\u0000\uFFFF&=&hash" },
        { "repeated hash", Published + "&hash=" + new string('0', 64) },
    };

    [Fact]
    public void The_published_example_validates_with_its_token_and_max_age_off()
    {
        var user = TelegramInitData.Validate(Published, PublishedToken, TimeSpan.Zero, Now);
        Assert.NotNull(user);
        Assert.Equal(279058397, user.Id);
        Assert.Equal("Vladislav", user.FirstName);
        Assert.Equal("Kibenko", user.LastName);
        Assert.Equal("vdkfrost", user.Username);
        Assert.Equal("ru", user.LanguageCode);
    }

    [Fact]
    public void The_published_example_fails_with_another_token()
    {
        Assert.Null(TelegramInitData.Validate(Published, "5768337691:AAH5YkoiEuPk8-FZa32hStHTqXiLPtAEhx9", TimeSpan.Zero, Now));
        Assert.Null(TelegramInitData.Validate(Published, "", TimeSpan.Zero, Now));
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Tampered_or_malformed_init_data_is_invalid_and_never_throws(string why, string? initData)
    {
        Assert.True(TelegramInitData.Validate(initData, PublishedToken, TimeSpan.Zero, Now) is null, why);
    }

    [Fact]
    public void Max_age_is_measured_against_the_given_clock()
    {
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeSeconds(PublishedAuthDate) + Day);
        // Exactly a day old passes a one-day limit, a second more does not.
        Assert.NotNull(TelegramInitData.Validate(Published, PublishedToken, Day, clock.GetUtcNow()));
        Assert.Null(TelegramInitData.Validate(Published, PublishedToken, Day, clock.GetUtcNow().AddSeconds(1)));
        // Signed "in the future" beyond a little skew is not accepted either.
        Assert.Null(TelegramInitData.Validate(Published, PublishedToken, Day, DateTimeOffset.FromUnixTimeSeconds(PublishedAuthDate).AddHours(-1)));
    }

    [Fact]
    public void The_signature_cache_answers_as_the_check_does_and_still_checks_age_and_token_on_a_hit()
    {
        var cache = new AmazingStore.Web.Auth.SignedInitDataCache();
        var signedAt = DateTimeOffset.FromUnixTimeSeconds(PublishedAuthDate);
        Assert.Equal(279058397, cache.Validate(Published, PublishedToken, Day, signedAt)?.Id);
        Assert.Equal(279058397, cache.Validate(Published, PublishedToken, Day, signedAt + Day)?.Id); // a hit
        // Kept, yet too old now, and never valid under another token.
        Assert.Null(cache.Validate(Published, PublishedToken, Day, signedAt + Day + TimeSpan.FromSeconds(1)));
        Assert.Null(cache.Validate(Published, PublishedToken[..^1] + "9", Day, signedAt));
        Assert.Equal(279058397, cache.Validate(Published, PublishedToken, TimeSpan.Zero, Now)?.Id);
        foreach (var row in Invalid())
            if (row[1] is string bad) Assert.True(cache.Validate(bad, PublishedToken, TimeSpan.Zero, Now) is null, (string)row[0]);
        // Longer than it keeps: checked every time, answered the same.
        var longOne = TelegramInitData.Sign(
            [new("auth_date", Now.ToUnixTimeSeconds().ToString()), new("user", """{"id":6,"first_name":"Long"}"""), new("pad", new string('x', 3000))],
            StoreHost.BotToken);
        Assert.Equal(6, cache.Validate(longOne, StoreHost.BotToken, Day, Now)?.Id);
        Assert.Equal(6, cache.Validate(longOne, StoreHost.BotToken, Day, Now)?.Id);
        Assert.Null(cache.Validate(longOne, StoreHost.BotToken, Day, Now + Day + Day));
    }

    [Fact]
    public void What_sign_produces_validates_and_round_trips_form_encoding()
    {
        var signed = TelegramInitData.Sign(
            [new("auth_date", Now.ToUnixTimeSeconds().ToString()), new("user", """{"id":5,"first_name":"Ali + Vali & Co"}"""), new("signature", "abc")],
            StoreHost.BotToken);
        var user = TelegramInitData.Validate(signed, StoreHost.BotToken, Day, Now);
        Assert.Equal("Ali + Vali & Co", user?.FirstName);
        Assert.Null(TelegramInitData.Validate(signed.Replace("&signature=abc", ""), StoreHost.BotToken, Day, Now)); // signature is signed too
    }

    [Fact]
    public async Task Over_http_the_published_example_signs_in_and_every_bad_input_is_401_invalid_init_data()
    {
        var authDate = DateTimeOffset.FromUnixTimeSeconds(PublishedAuthDate);
        await using var host = await StoreHost.StartAsync(
            new Dictionary<string, string?> { ["Telegram:BotToken"] = PublishedToken, ["Telegram:InitDataMaxAgeSeconds"] = "0" });
        using (var ok = await host.Client.SendAsync(InitData.Request(HttpMethod.Post, "/api/users/validate", Published)))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM users WHERE telegram_id = 279058397"));

        // With the age check on and the clock a day and a second past auth_date, the same string is expired.
        await using var strict = await StoreHost.StartAsync(
            new Dictionary<string, string?> { ["Telegram:BotToken"] = PublishedToken, ["Telegram:InitDataMaxAgeSeconds"] = "86400" },
            configure: b => b.Services.AddSingleton<TimeProvider>(new FixedClock(authDate + Day + TimeSpan.FromSeconds(1))));
        await AssertRejectedAsync(strict, "expired", Published);
        foreach (var row in Invalid())
            await AssertRejectedAsync(strict, (string)row[0], (string?)row[1]);
        Assert.Equal(0L, await strict.ScalarAsync<long>("SELECT count(*) FROM users"));

        // The same clock a day after auth_date accepts it: the 401s above are about the input alone.
        await using var onTime = await StoreHost.StartAsync(
            new Dictionary<string, string?> { ["Telegram:BotToken"] = PublishedToken, ["Telegram:InitDataMaxAgeSeconds"] = "86400" },
            configure: b => b.Services.AddSingleton<TimeProvider>(new FixedClock(authDate + Day)));
        using (var ok = await onTime.Client.SendAsync(InitData.Request(HttpMethod.Post, "/api/users/validate", Published)))
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        // Another token on the server side: the published string is forged as far as it can tell.
        await using var other = await StoreHost.StartAsync(new Dictionary<string, string?> { ["Telegram:InitDataMaxAgeSeconds"] = "0" });
        await AssertRejectedAsync(other, "another token", Published);
    }

    private static async Task AssertRejectedAsync(StoreHost host, string why, string? initData)
    {
        var req = new HttpRequestMessage(HttpMethod.Post, "/api/users/validate");
        // Headers carry ASCII only; anything else reaches the server percent-encoded, as above.
        if (initData is not null && initData.All(c => c is >= ' ' and < '\u007f'))
            req.Headers.TryAddWithoutValidation("Authorization", "tma " + initData);
        else if (initData is not null)
            req.Headers.TryAddWithoutValidation("Authorization", "tma " + Uri.EscapeDataString(initData));
        using var reply = await host.Client.SendAsync(req);
        Assert.True(reply.StatusCode == HttpStatusCode.Unauthorized, $"{why}: {(int)reply.StatusCode}");
        Assert.Equal("invalid_init_data", await Replies.ProblemCodeAsync(reply));
    }
}
