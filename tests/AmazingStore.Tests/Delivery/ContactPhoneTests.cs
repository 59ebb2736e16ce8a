using System.Text.Json.Nodes;
using AmazingStore.Data.Users;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Delivery;

/// <summary>The phone from Telegram: the bot's request_contact keyboard and the contact it trusts (only the sender's own).</summary>
public sealed class ContactPhoneTests
{
    private static JsonObject Contact(long fromId, long? contactUserId, string phone) => new()
    {
        ["update_id"] = NextUpdateId(),
        ["message"] = new JsonObject
        {
            ["message_id"] = 7,
            ["from"] = new JsonObject { ["id"] = fromId, ["is_bot"] = false, ["first_name"] = "Dilnoza", ["language_code"] = "ru" },
            ["chat"] = new JsonObject { ["id"] = fromId, ["type"] = "private" },
            ["date"] = 1_700_000_000,
            ["contact"] = contactUserId is null
                ? new JsonObject { ["phone_number"] = phone, ["first_name"] = "Someone" }
                : new JsonObject { ["phone_number"] = phone, ["first_name"] = "Dilnoza", ["user_id"] = contactUserId },
        },
    };

    [Fact]
    public async Task Phone_asks_with_a_request_contact_keyboard()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));

        await PostAsync(host, Message(CustomerId, "/phone", "ru"));
        await WaitHandledAsync(host, 1);

        var ask = Assert.Single(fake.Sent(CustomerId));
        var button = ask.Body["reply_markup"]!["keyboard"]![0]![0]!;
        Assert.True(button["request_contact"]!.GetValue<bool>());
        Assert.Contains("Отправить номер", button["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_senders_own_contact_is_stored_normalised_and_anyone_elses_is_refused()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        await AddCustomerAsync(host, CustomerId, "ru");

        // A forwarded card of somebody else, and one without a user id: not trusted, nothing stored.
        await PostAsync(host, Contact(CustomerId, CustomerId + 1, "+998905550000"));
        await PostAsync(host, Contact(CustomerId, null, "+998905550001"));
        await WaitHandledAsync(host, 2);
        Assert.Null(await host.ScalarAsync<string>("SELECT phone FROM users WHERE telegram_id = $1", CustomerId));
        Assert.Equal(2, fake.Sent(CustomerId).Count);

        // The sender's own, as Telegram sends it (no plus): stored as +998…, the keyboard removed.
        await PostAsync(host, Contact(CustomerId, CustomerId, "998 90 123 45 67"));
        await WaitHandledAsync(host, 3);
        Assert.Equal("+998901234567", await host.ScalarAsync<string>("SELECT phone FROM users WHERE telegram_id = $1", CustomerId));
        var saved = fake.Sent(CustomerId)[^1];
        Assert.Contains("+998901234567", Text(saved));
        Assert.True(saved.Body["reply_markup"]!["remove_keyboard"]!.GetValue<bool>());

        // A first-time user (never opened the Mini App) gets a row; a non-Uzbek number is not stored.
        await PostAsync(host, Contact(CustomerId + 5, CustomerId + 5, "+79161234567"));
        await PostAsync(host, Contact(CustomerId + 6, CustomerId + 6, "+998 97 000 11 22"));
        await WaitHandledAsync(host, 5);
        Assert.Null(await host.ScalarAsync<string>("SELECT phone FROM users WHERE telegram_id = $1", CustomerId + 5));
        Assert.Equal("+998970001122", await host.ScalarAsync<string>("SELECT phone FROM users WHERE telegram_id = $1", CustomerId + 6));
    }

    [Theory]
    [InlineData("998901234567", "+998901234567")]
    [InlineData("+998 (90) 123-45-67", "+998901234567")]
    [InlineData("+7 916 123 45 67", null)]
    [InlineData("99890123456", null)]
    [InlineData("", null)]
    public void Contact_numbers_are_normalised_to_the_one_phone_rule(string given, string? stored) =>
        Assert.Equal(stored, UzPhone.FromContact(given));
}
