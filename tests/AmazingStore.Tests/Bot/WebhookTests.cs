using System.Net;
using AmazingStore.Tests.Infrastructure;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Bot;

public sealed class WebhookTests
{
    [Fact]
    public async Task A_wrong_or_missing_secret_is_refused_and_nothing_is_handled()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host, Message(CustomerId, "/start"), secret: null)).StatusCode);
        var wrong = await PostAsync(host, Message(CustomerId, "/start"), secret: Secret + "x");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        // A correct request afterwards proves the worker runs, so the refused ones really were dropped.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, Message(CustomerId + 1, "/help"))).StatusCode);
        await WaitHandledAsync(host, 1);

        Assert.Equal(1, await host.ScalarAsync<long>("SELECT count(*) FROM processed_updates"));
        Assert.Empty(fake.Sent(CustomerId));
        Assert.Single(fake.Sent(CustomerId + 1));
    }

    [Fact]
    public async Task Without_a_configured_secret_every_webhook_call_is_refused()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake, ("Telegram:WebhookSecret", "")));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host, Message(CustomerId, "/start"), secret: "")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostAsync(host, Message(CustomerId, "/start"), secret: "anything")).StatusCode);
        Assert.Equal(0, await host.ScalarAsync<long>("SELECT count(*) FROM processed_updates"));
    }

    [Fact]
    public async Task Malformed_updates_are_client_errors()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/telegram/webhook") { Content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", Secret);
        Assert.Equal(HttpStatusCode.BadRequest, (await host.Client.SendAsync(request)).StatusCode);
        var noId = new System.Text.Json.Nodes.JsonObject { ["message"] = "x" };
        Assert.Equal(HttpStatusCode.BadRequest, (await PostAsync(host, noId)).StatusCode);
    }

    [Fact]
    public async Task The_same_update_posted_five_times_gets_one_reply()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var update = Message(CustomerId, "/start");

        var replies = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => PostAsync(host, update)));
        Assert.All(replies, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await WaitHandledAsync(host, 1);

        Assert.Single(fake.Sent(CustomerId));
        Assert.Equal("done", await host.ScalarAsync<string>("SELECT status FROM processed_updates"));
    }

    [Fact]
    public async Task A_button_press_waits_for_an_earlier_command_in_the_same_chat()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        // The admin's command, held by another instance for now.
        var command = Message(AdminId, "/orders");
        await host.ScalarAsync<int>("""
            INSERT INTO processed_updates (update_id, payload, status, attempts, locked_until)
            VALUES ($1, $2::jsonb, 'processing', 1, now() + interval '1 hour') RETURNING 1
            """, command["update_id"]!.GetValue<long>(), command.ToJsonString());
        var press = Button(AdminId, "ol:2", messageId: 1);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, press)).StatusCode);
        // Another chat's update goes past: the worker runs, yet leaves the press alone.
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host, Message(CustomerId, "/help"))).StatusCode);
        await WaitHandledAsync(host, 1);
        await Task.Delay(1000);
        Assert.Equal("pending", await host.ScalarAsync<string>(
            "SELECT status FROM processed_updates WHERE update_id = $1", press["update_id"]!.GetValue<long>()));

        // Once the command is through, the press is handled.
        await host.ScalarAsync<int>("UPDATE processed_updates SET status = 'done', locked_until = NULL WHERE update_id = $1 RETURNING 1",
            command["update_id"]!.GetValue<long>());
        await WaitHandledAsync(host, 3);
        Assert.Equal("done", await host.ScalarAsync<string>(
            "SELECT status FROM processed_updates WHERE update_id = $1", press["update_id"]!.GetValue<long>()));
    }

    [Fact]
    public async Task Start_greets_in_the_users_language_with_a_button_that_opens_the_mini_app()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));

        await PostAsync(host, Message(CustomerId, "/start", language: "uz"));
        await PostAsync(host, Message(CustomerId + 1, "/start product_42", language: "ru"));
        await WaitHandledAsync(host, 2);

        var uz = Assert.Single(fake.Sent(CustomerId));
        Assert.Equal("HTML", uz.Body["parse_mode"]!.GetValue<string>());
        Assert.Contains("Assalomu alaykum, Ali &lt;&amp;&gt;!", Text(uz));
        var button = Assert.Single(Buttons(uz));
        Assert.Equal(MiniAppUrl, button["web_app"]!["url"]!.GetValue<string>());

        var ru = Assert.Single(fake.Sent(CustomerId + 1));
        Assert.Contains("Здравствуйте", Text(ru));
        Assert.Equal(MiniAppUrl + "?startapp=product_42", Assert.Single(Buttons(ru))["web_app"]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task On_start_the_bot_registers_its_webhook_commands_and_menu_button()
    {
        await using var fake = await FakeBotApi.StartAsync();
        // The first setWebhook fails: set-up retries in the background without holding up start-up.
        fake.Script("setWebhook", new FakeBotApi.Reply.Http500());
        await using var host = await StoreHost.StartAsync(Settings(fake, ("Telegram:WebhookUrl", "https://shop.example/telegram/webhook")));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health/ready")).StatusCode);

        var calls = await fake.WaitForAsync(c => c.Any(x => x.Method == "setChatMenuButton" && x.Delivered), TimeSpan.FromSeconds(10), "set-up");
        var webhook = calls.Last(c => c.Method == "setWebhook");
        Assert.True(webhook.Delivered);
        Assert.Equal("https://shop.example/telegram/webhook", webhook.Body["url"]!.GetValue<string>());
        Assert.Equal(Secret, webhook.Body["secret_token"]!.GetValue<string>());
        Assert.Equal(["message", "callback_query"], webhook.Body["allowed_updates"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.DoesNotContain(calls, c => c.Method is "deleteWebhook" or "getUpdates");

        // One menu per language: the bilingual default, and Uzbek-only and Russian-only ones for apps in those languages.
        var commands = calls.Where(c => c.Method == "setMyCommands" && c.Delivered).ToList();
        static string? Language(FakeBotApi.Call c) => c.Body["language_code"]?.GetValue<string>();
        static string Descriptions(FakeBotApi.Call c) => string.Join(" ", c.Body["commands"]!.AsArray().Select(x => x!["description"]!.GetValue<string>()));
        foreach (var language in new string?[] { null, "uz", "ru" })
        {
            var customer = commands.Single(c => c.Body["scope"]!["type"]!.GetValue<string>() == "default" && Language(c) == language);
            Assert.Equal(["start", "phone", "help"], customer.Body["commands"]!.AsArray().Select(x => x!["command"]!.GetValue<string>()));
            var admin = commands.Single(c => c.Body["scope"]!["type"]!.GetValue<string>() == "chat" && Language(c) == language);
            Assert.Equal(AdminId, admin.Body["scope"]!["chat_id"]!.GetValue<long>());
            Assert.Equal(["orders", "stock", "sync", "report", "jobs", "help"], admin.Body["commands"]!.AsArray().Select(x => x!["command"]!.GetValue<string>()));
            var text = Descriptions(customer) + " " + Descriptions(admin);
            Assert.Equal(language != "uz", text.Any(ch => ch is >= 'А' and <= 'я'));
            Assert.Equal(language != "ru", text.Contains("Yordam"));
        }

        var menu = calls.Single(c => c.Method == "setChatMenuButton").Body["menu_button"]!;
        Assert.Equal("web_app", menu["type"]!.GetValue<string>());
        Assert.Equal(MiniAppUrl, menu["web_app"]!["url"]!.GetValue<string>());
        // The token travels only in the path.
        Assert.All(calls, c => Assert.Equal(StoreHost.BotToken, c.Token));
    }
}
