using System.Globalization;
using AmazingStore.Web.Marketplaces.Connectors;

namespace AmazingStore.Web.Marketplaces.Pricing;

/// <summary>
/// The currency a marketplace is sent prices in, and the conversion from our so'm. Settings
/// <c>currency_code</c> (ISO 4217 letters) and <c>uzs_per_unit</c> (so'm for one unit of it). Uzum sells
/// in so'm and needs neither; OZON has no UZS (it takes RUB, BYN, KZT, EUR, USD, CNY and reads a missing
/// code as RUB) and Wildberries prices in the seller's cabinet currency, so neither has a default: a
/// missing currency or rate refuses the push instead of guessing.
/// </summary>
public sealed record MarketplaceCurrency(string Code, decimal UzsPerUnit)
{
    public const string Uzs = "UZS";
    public const string CodeSetting = "currency_code";
    public const string RateSetting = "uzs_per_unit";

    private static readonly string[] OzonCodes = ["RUB", "BYN", "KZT", "EUR", "USD", "CNY"];

    /// <summary>Currencies each marketplace takes (null: any ISO 4217 code).</summary>
    public static IReadOnlyList<string>? Accepted(string slug) => slug switch
    {
        "uzum" => [Uzs],
        "ozon" => OzonCodes,
        _ => null,
    };

    /// <summary>The currency from a marketplace's settings, or why prices cannot be sent.</summary>
    public static (MarketplaceCurrency? Currency, string? Error) For(string slug, IReadOnlyDictionary<string, string> settings)
    {
        var code = settings.TryGetValue(CodeSetting, out var c) && !string.IsNullOrWhiteSpace(c) ? c.Trim().ToUpperInvariant()
            : slug == "uzum" ? Uzs : null;
        if (code is null)
            return (null, $"prices not sent: {slug} does not sell in so'm; set settings.{CodeSetting} and settings.{RateSetting}");
        if (Validate(slug, code, settings.GetValueOrDefault(RateSetting)) is { } error) return (null, "prices not sent: " + error);
        return (new MarketplaceCurrency(code, code == Uzs ? 1m : ParseRate(settings[RateSetting])!.Value), null);
    }

    public static (MarketplaceCurrency? Currency, string? Error) For(MarketplaceContext ctx) => For(ctx.Slug, ctx.Settings);

    /// <summary>Null when the pair is usable for this marketplace, otherwise what is wrong (admin validation and runs share it).</summary>
    public static string? Validate(string slug, string code, string? rate)
    {
        if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper)) return $"{CodeSetting} must be three ISO 4217 letters";
        if (Accepted(slug) is { } accepted && !accepted.Contains(code))
            return $"{slug} takes prices in {string.Join(", ", accepted)} only, not {code}";
        if (code != Uzs && ParseRate(rate) is null)
            return $"{RateSetting} (so'm per 1 {code}) must be a positive number when {CodeSetting} is {code}";
        return null;
    }

    private static decimal? ParseRate(string? text) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && r > 0 ? r : null;

    /// <summary>A price the marketplace reports (an order line) back in so'm, to the tiyin.</summary>
    public decimal ToUzs(decimal amount) => Math.Round(amount * UzsPerUnit, 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// Our so'm in this currency, rounded (half away from zero) to what is sent: whole units where the
    /// marketplace takes no fractions (<see cref="WholeUnits"/>), whole so'm and tenge (their minor units are
    /// not used in prices), cents/kopecks otherwise.
    /// </summary>
    public decimal FromUzs(decimal uzs, bool wholeUnits) =>
        Math.Round(uzs / UzsPerUnit, wholeUnits || Code is Uzs or "KZT" ? 0 : 2, MidpointRounding.AwayFromZero);

    /// <summary>
    /// So'm in this currency rounded up, never down: a floor converted this way stays a floor. Whole units
    /// where the marketplace takes no fractions (<see cref="WholeUnits"/>), since it rounds what it is sent.
    /// </summary>
    public decimal CeilingFromUzs(decimal uzs, bool wholeUnits)
    {
        var scale = wholeUnits || Code is Uzs or "KZT" ? 1m : 100m;
        return Math.Ceiling(uzs / UzsPerUnit * scale) / scale;
    }

    /// <summary>Marketplaces that take prices in whole units only: Wildberries' price is an integer (prices API v2, 2026).</summary>
    public static bool WholeUnits(string slug) => slug == "wildberries";
}
