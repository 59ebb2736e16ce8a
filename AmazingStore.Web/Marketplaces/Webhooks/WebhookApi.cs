using System.Net;
using System.Text.Json;
using AmazingStore.Data;
using AmazingStore.Data.Marketplaces;
using AmazingStore.Web.Marketplaces.Connectors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Marketplaces.Webhooks;

/// <summary>
/// Marketplace pushes (OZON's "push notifications"). OZON signs nothing, so a push is only a hint:
/// it is checked (seller_id, optionally the source network), stored in marketplace_webhooks and
/// answered at once; the processor re-reads the posting through the API and imports it.
/// </summary>
public static class WebhookApi
{
    public static void MapWebhookApi(this IEndpointRouteBuilder app)
    {
        var hooks = app.MapGroup("/webhooks").WithTags("Webhooks");
        hooks.MapPost("/{slug}", Receive).WithName("ReceiveMarketplaceWebhook").RequireRateLimiting(WebhookRateLimit.Policy);
    }

    public sealed record PingReply(string Version, string Name, string Time);
    public sealed record ResultReply(bool Result);
    public sealed record OzonError(string Code, string Message, object? Details);
    public sealed record ErrorReply(OzonError Error);

    private static JsonHttpResult<ErrorReply> Error(int status, string code, string message) =>
        TypedResults.Json(new ErrorReply(new OzonError(code, message, null)), statusCode: status);

    private static async Task<Results<Ok<PingReply>, Ok<ResultReply>, JsonHttpResult<ErrorReply>>> Receive(
        string slug, HttpContext http, StoreDb db, WebhookSignal signal, IOptions<MarketplaceOptions> options, TimeProvider clock, CancellationToken ct)
    {
        // Only OZON pushes; Uzum and Wildberries have no pushes, so anything sent for them is noise (and was stored).
        if (slug != PushingSlug) return Error(404, "ERROR_UNKNOWN", "unknown marketplace");
        JsonDocument doc;
        try { doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: ct); }
        catch (JsonException) { return Error(400, "ERROR_PARAMETER_VALUE_MISSED", "the body is not JSON"); }
        using var _ = doc;
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object) return Error(400, "ERROR_PARAMETER_VALUE_MISSED", "the body is not a JSON object");

        var marketplace = await db.Marketplaces.AsNoTracking().FirstOrDefaultAsync(m => m.Slug == slug && m.Slug != "amazing-store", ct);
        if (marketplace is null) return Error(404, "ERROR_UNKNOWN", "unknown marketplace");
        if (slug == "ozon" && options.Value.CheckWebhookSourceNetwork && !FromNetworks(http.Connection.RemoteIpAddress, options.Value.OzonNetworks))
            return Error(403, "ERROR_UNKNOWN", "source network not allowed");

        var type = root.Str("message_type") ?? "";
        if (type == "TYPE_PING")
            return TypedResults.Ok(new PingReply("1.0", "amazing-store", clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ")));
        if (type.Length == 0) return Error(400, "ERROR_PARAMETER_VALUE_MISSED", "message_type is missing");
        if (!type.StartsWith("TYPE_", StringComparison.Ordinal) || type.Length > 50)
            return Error(400, "ERROR_PARAMETER_VALUE_MISSED", "message_type is not an OZON push type");

        var settings = MarketplaceContext.ParseSettings(marketplace.Settings);
        if (settings.TryGetValue("seller_id", out var sellerId) && !string.IsNullOrEmpty(sellerId) && root.Str("seller_id") != sellerId)
            return Error(403, "ERROR_PARAMETER_VALUE_MISSED", "seller_id does not match");

        // Only a posting can be re-read and imported: other OZON events (chats, items) are acknowledged and not
        // kept, and a posting number that cannot be one is refused before it costs a row and its retries.
        if (!root.TryGetProperty("posting_number", out var posting)) return TypedResults.Ok(new ResultReply(true));
        if (posting.ValueKind != JsonValueKind.String || !IsPostingNumber(posting.GetString()!))
            return Error(400, "ERROR_PARAMETER_VALUE_MISSED", "posting_number is not a posting number");

        db.MarketplaceWebhooks.Add(new MarketplaceWebhook
        {
            MarketplaceId = marketplace.Id,
            EventType = type,
            Payload = root.GetRawText(),
        });
        await db.SaveChangesAsync(ct);
        signal.Wake();
        return TypedResults.Ok(new ResultReply(true));
    }

    private const string PushingSlug = "ozon";

    /// <summary>OZON posting numbers are digit groups joined by dashes ("24319409-0021-1").</summary>
    private static bool IsPostingNumber(string s) =>
        s.Length is > 2 and <= 64 && s.All(c => char.IsAsciiDigit(c) || c == '-') && char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[^1])
        && s.Contains('-') && !s.Contains("--", StringComparison.Ordinal);

    private static bool FromNetworks(IPAddress? address, string[] networks)
    {
        if (address is null) return false;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        return networks.Any(n => IPNetwork.TryParse(n, out var net) && net.Contains(address));
    }
}
