using AmazingStore.Bot.Telegram.InitData;

namespace AmazingStore.Tests.StoreApi;

/// <summary>
/// initData signed outside the production code (Python's hmac/hashlib and urllib.parse.urlencode with
/// quote_plus, following Telegram's published algorithm), so a mistake shared by our signer and our checker
/// cannot hide. The vectors carry the two details that break real requests: a '+' that decodes to a space
/// (and a "%2B" that is a real plus), and a `signature` field that stays in the data-check-string.
/// </summary>
public sealed class InitDataIndependentVectorsTests
{
    private const string Token = "7001234567:AAFindependentVectorTokenForTests_123";
    private const string Signature = "f0Jg8Yd0vR6Q4uG8Zb1c2d3e4f5g6h7i8j9k0l1m2n3o4p5q6r7s8t9u0v1w2x3y4z5A6B7C8D9E0F1G2H3I-_";
    private const string Body =
        "query_id=AAH3xYZ%2Btest&user=%7B%22id%22%3A424242%2C%22first_name%22%3A%22Ali+Vali%22%2C%22last_name%22%3A%22O%27g%27li+%2B+Co%22%2C%22username%22%3A%22ali_vali%22%2C%22language_code%22%3A%22uz%22%2C%22allows_write_to_pm%22%3Atrue%7D&auth_date=1765000000&signature="
        + Signature;
    /// <summary>HMAC over every field but hash, signature included.</summary>
    private const string Hash = "d330494b72fd881cb6a19bac819fb25ee438ee539f0031536e18286761b4aef1";
    /// <summary>What a checker that wrongly drops signature from the data-check-string would expect.</summary>
    private const string HashWithoutSignature = "a7a0de1448549e2c4b8dbb28b060cb9d6c20d1df0434a53e04721bc5c344e6c5";

    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_765_000_100);

    [Fact]
    public void A_vector_with_plus_signs_and_a_signature_field_validates_and_decodes_spaces_and_pluses()
    {
        var user = TelegramInitData.Validate(Body + "&hash=" + Hash, Token, TimeSpan.FromDays(1), Now);
        Assert.NotNull(user);
        Assert.Equal(424242, user.Id);
        Assert.Equal("Ali Vali", user.FirstName);        // '+' is a space
        Assert.Equal("O'g'li + Co", user.LastName);      // "%2B" is a plus
        Assert.Equal("uz", user.LanguageCode);
    }

    [Fact]
    public void The_same_vector_fails_when_signature_is_left_out_of_the_check_or_tampered_with()
    {
        Assert.Null(TelegramInitData.Validate(Body + "&hash=" + HashWithoutSignature, Token, TimeSpan.Zero, Now));
        Assert.Null(TelegramInitData.Validate(Body.Replace("-_", "-x") + "&hash=" + Hash, Token, TimeSpan.Zero, Now));
        // A '+' read as a plus instead of a space changes the signed text.
        Assert.Null(TelegramInitData.Validate(Body.Replace("Ali+Vali", "Ali%2BVali") + "&hash=" + Hash, Token, TimeSpan.Zero, Now));
        Assert.Null(TelegramInitData.Validate(Body + "&hash=" + Hash, Token.Replace("123", "124"), TimeSpan.Zero, Now));
    }
}
