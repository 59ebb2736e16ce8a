using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>
/// Wildberries' content host: <c>POST /content/v2/get/cards/list</c>, newest card first, cursor paging —
/// the reply's cursor names the page's last card (updatedAt, nmID) and total = cards in the page; the
/// next request sends that cursor back. A limit over 100 is refused.
/// </summary>
public sealed class FakeWbContent(string token) : FakeServer
{
    public ConcurrentDictionary<long, JsonObject> Cards { get; } = new(); // nmID

    protected override bool Authorized(RecordedRequest r) => r.Header("Authorization") == token;

    protected override FakeReply Handle(RecordedRequest r)
    {
        if (r.Method != "POST" || r.Path != "/content/v2/get/cards/list")
            return new FakeReply(404, """{"title":"not found","detail":"path not found","status":404,"statusText":"Not Found"}""");
        var cursor = JsonNode.Parse(r.Body)?["settings"]?["cursor"];
        if (cursor?["limit"] is not JsonValue lv || !lv.TryGetValue<int>(out var limit) || limit is < 1 or > 100)
            return new FakeReply(400, """{"title":"request body validation error","detail":"limit must be 1..100","status":400,"statusText":"Bad Request"}""");
        var ordered = Cards.Values
            .Select(c => (Card: c, Updated: DateTime.Parse(c["updatedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), Nm: c["nmID"]!.GetValue<long>()))
            .OrderByDescending(c => c.Updated).ThenByDescending(c => c.Nm).ToList();
        if (cursor["updatedAt"] is JsonValue uv && cursor["nmID"] is JsonValue nv)
        {
            var after = (Updated: DateTime.Parse(uv.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal), Nm: nv.GetValue<long>());
            ordered = ordered.Where(c => c.Updated < after.Updated || (c.Updated == after.Updated && c.Nm < after.Nm)).ToList();
        }
        var page = ordered.Take(limit).ToList();
        var reply = new JsonObject { ["cards"] = new JsonArray(page.Select(c => (JsonNode)c.Card.DeepClone()).ToArray()) };
        reply["cursor"] = page.Count == 0 ? new JsonObject { ["total"] = 0 } : new JsonObject
        {
            ["updatedAt"] = page[^1].Card["updatedAt"]!.GetValue<string>(), ["nmID"] = page[^1].Nm, ["total"] = page.Count,
        };
        return FakeReply.Ok(reply.ToJsonString());
    }

    /// <summary>A card with its sizes (chrtID and barcodes each).</summary>
    public void AddCard(long nmId, string vendorCode, string title, DateTime updatedAt, params (long ChrtId, string[] Skus)[] sizes) =>
        Cards[nmId] = new JsonObject
        {
            ["nmID"] = nmId, ["imtID"] = nmId + 1, ["vendorCode"] = vendorCode, ["title"] = title, ["brand"] = "",
            ["updatedAt"] = updatedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture),
            ["sizes"] = new JsonArray(sizes.Select(s => (JsonNode)new JsonObject
            {
                ["chrtID"] = s.ChrtId, ["techSize"] = "0", ["wbSize"] = "", ["skus"] = new JsonArray(s.Skus.Select(k => (JsonNode)JsonValue.Create(k)!).ToArray()),
            }).ToArray()),
        };
}
