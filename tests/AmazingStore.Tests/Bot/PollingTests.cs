using AmazingStore.Tests.Infrastructure;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Bot;

public sealed class PollingTests
{
    [Fact]
    public async Task Polling_answers_updates_and_its_offset_survives_a_restart_so_nothing_is_handled_twice()
    {
        await using var fake = await FakeBotApi.StartAsync();
        var settings = Settings(fake, ("Telegram:PollingEnabled", "true"), ("Telegram:PollingTimeoutSeconds", "1"));
        var a = Message(CustomerId, "/start");
        var b = Message(CustomerId + 1, "/help");
        var c = Message(CustomerId + 2, "/start", language: "ru");
        long Id(System.Text.Json.Nodes.JsonObject u) => u["update_id"]!.GetValue<long>();
        fake.EnqueueUpdate(a);
        fake.EnqueueUpdate(b);

        string connectionString;
        await using (var first = await StoreHost.StartAsync(settings))
        {
            connectionString = first.ConnectionString;
            await fake.WaitForAsync(_ => fake.Sent(CustomerId).Count == 1 && fake.Sent(CustomerId + 1).Count == 1,
                TimeSpan.FromSeconds(10), "replies to polled updates");
            // The next getUpdates confirms both: its offset is past the last update.
            await fake.WaitForAsync(_ => fake.GetUpdatesOffsets.Contains(Id(b) + 1), TimeSpan.FromSeconds(10), "the offset to advance");
            Assert.Equal((Id(b) + 1).ToString(), await first.ScalarAsync<string>("SELECT value FROM bot_state WHERE key = 'telegram.polling_offset'"));
        }
        var calls = fake.Calls;
        Assert.Equal("deleteWebhook", calls.First(x => x.Method is "deleteWebhook" or "getUpdates").Method);
        var offsetsBefore = fake.GetUpdatesOffsets.Count;

        // Telegram still holds "a" (say it never saw the confirmation) and has a new one.
        fake.EnqueueUpdate(a);
        fake.EnqueueUpdate(c);
        await using (var second = await StoreHost.StartAsync(settings, connectionString: connectionString))
        {
            await fake.WaitForAsync(_ => fake.Sent(CustomerId + 2).Count == 1, TimeSpan.FromSeconds(10), "the reply after the restart");
            await WaitHandledAsync(second, 3);
            // It resumed from the stored offset.
            Assert.Equal(Id(b) + 1, fake.GetUpdatesOffsets[offsetsBefore]);
            Assert.Equal(3, await second.ScalarAsync<long>("SELECT count(*) FROM processed_updates WHERE status = 'done'"));
        }
        Assert.Single(fake.Sent(CustomerId));
        Assert.Single(fake.Sent(CustomerId + 1));
        Assert.Contains("Здравствуйте", Text(Assert.Single(fake.Sent(CustomerId + 2))));
    }
}
