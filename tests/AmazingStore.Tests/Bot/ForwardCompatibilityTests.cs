using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AmazingStore.Tests.Infrastructure;
using Telegram.Bot;
using Telegram.Bot.Types;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Bot;

/// <summary>
/// Telegram adds fields, update kinds and "type"s before Telegram.Bot knows them. Such an update is
/// accepted (so Telegram stops re-sending it), kept as sent, and a command in it is still answered.
/// </summary>
public sealed class ForwardCompatibilityTests
{
    private const long NewFieldsChat = 6101, NewTypeChat = 6102;

    /// <summary>A /start as the Bot API sends it, with fields no library version knows yet, at every level.</summary>
    private static string StartWithNewFields(long updateId) => $$$"""
        {"update_id":{{{updateId}}},
         "message":{"message_id":4521,
           "from":{"id":{{{NewFieldsChat}}},"is_bot":false,"first_name":"Ali","username":"ali","language_code":"ru","is_premium":true,"future_user_flag":true},
           "chat":{"id":{{{NewFieldsChat}}},"first_name":"Ali","username":"ali","type":"private","future_chat_field":{"a":1}},
           "date":1765000000,"text":"/start product_42",
           "entities":[{"offset":0,"length":6,"type":"bot_command"},{"offset":7,"length":10,"type":"future_entity_kind"}],
           "future_message_field":{"nested":[1,2,3],"flag":true}},
         "future_update_field":7}
        """;

    /// <summary>A /help that replies to a message from a kind of origin the library cannot read: its polymorphic "type" is new.</summary>
    private static string HelpWithNewType(long updateId) => $$$"""
        {"update_id":{{{updateId}}},
         "message":{"message_id":4522,
           "from":{"id":{{{NewTypeChat}}},"is_bot":false,"first_name":"Vali","language_code":"uz"},
           "chat":{"id":{{{NewTypeChat}}},"first_name":"Vali","type":"private"},
           "date":1765000001,"text":"/help",
           "external_reply":{"origin":{"type":"future_origin_kind","date":1765000000,"future_sender":{"id":1} } } } }
        """;

    /// <summary>An update kind that did not exist when the library was built.</summary>
    private static string NewKind(long updateId) => $$$"""
        {"update_id":{{{updateId}}},"future_update_kind":{"id":"x1","from":{"id":6103,"is_bot":false,"first_name":"Z"},"payload":[1,{"b":null}]}}
        """;

    [Fact]
    public async Task A_webhook_update_with_fields_kinds_and_types_the_library_does_not_know_is_accepted_kept_and_handled()
    {
        // The premise: Telegram.Bot cannot read the second update by itself.
        Assert.ThrowsAny<JsonException>(() => JsonSerializer.Deserialize<Update>(HelpWithNewType(1), JsonBotAPI.Options));
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        long start = NextUpdateId(), help = NextUpdateId(), kind = NextUpdateId();

        Assert.Equal(HttpStatusCode.OK, await PostRawAsync(host, StartWithNewFields(start)));
        Assert.Equal(HttpStatusCode.OK, await PostRawAsync(host, HelpWithNewType(help)));
        Assert.Equal(HttpStatusCode.OK, await PostRawAsync(host, NewKind(kind)));
        await WaitHandledAsync(host, 3);

        Assert.Equal(3, await host.ScalarAsync<long>("SELECT count(*) FROM processed_updates WHERE status = 'done'"));
        // Kept as Telegram sent it: a later version of the bot can read what this one skipped.
        Assert.Equal("[1, 2, 3]", await host.ScalarAsync<string>(
            "SELECT payload #>> '{message,future_message_field,nested}' FROM processed_updates WHERE update_id = $1", start));
        Assert.Equal("x1", await host.ScalarAsync<string>(
            "SELECT payload #>> '{future_update_kind,id}' FROM processed_updates WHERE update_id = $1", kind));

        var greeting = Assert.Single(fake.Sent(NewFieldsChat));
        Assert.Contains("Здравствуйте", Text(greeting));
        Assert.Equal(MiniAppUrl + "?startapp=product_42", Assert.Single(Buttons(greeting))["web_app"]!["url"]!.GetValue<string>());
        Assert.Contains("/start", Text(Assert.Single(fake.Sent(NewTypeChat))));
        Assert.Equal(2, fake.Calls.Count(c => c.Method == "sendMessage")); // nothing for the unknown kind
    }

    [Fact]
    public async Task Long_polling_takes_such_updates_too_and_moves_its_offset_past_them()
    {
        await using var fake = await FakeBotApi.StartAsync();
        long start = NextUpdateId(), help = NextUpdateId(), kind = NextUpdateId();
        foreach (var update in new[] { StartWithNewFields(start), HelpWithNewType(help), NewKind(kind) })
            fake.EnqueueUpdate(JsonNode.Parse(update)!.AsObject());
        await using var host = await StoreHost.StartAsync(Settings(fake, ("Telegram:PollingEnabled", "true"), ("Telegram:PollingTimeoutSeconds", "1")));

        await fake.WaitForAsync(_ => fake.GetUpdatesOffsets.Contains(kind + 1), TimeSpan.FromSeconds(10), "the offset past all three");
        await WaitHandledAsync(host, 3);
        Assert.Equal(3, await host.ScalarAsync<long>("SELECT count(*) FROM processed_updates WHERE status = 'done'"));
        Assert.Single(fake.Sent(NewFieldsChat));
        Assert.Single(fake.Sent(NewTypeChat));
    }

    private static async Task<HttpStatusCode> PostRawAsync(StoreHost host, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent(json, Encoding.UTF8) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", Secret);
        using var reply = await host.Client.SendAsync(request);
        return reply.StatusCode;
    }
}
