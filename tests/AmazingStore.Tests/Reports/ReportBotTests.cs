using AmazingStore.Data;
using AmazingStore.Data.Orders;
using AmazingStore.Tests.Bot;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Web.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using static AmazingStore.Tests.Bot.BotTestKit;

namespace AmazingStore.Tests.Reports;

public sealed class ReportBotTests
{
    [Fact]
    public async Task Report_sends_a_png_photo_as_multipart_sendPhoto_with_the_right_totals_in_its_caption()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var bag = await AddProductAsync(host, "RB-1", 20, price: 120_000);
        var pen = await AddProductAsync(host, "RB-2", 20, price: 15_000);
        await host.ScalarAsync<int>("UPDATE products SET cost_price = 70000 WHERE id = $1 RETURNING id", bag);
        await PlaceOrderAsync(host, bag, quantity: 2);             // 240 000, profit 100 000
        await PlaceOrderAsync(host, pen, quantity: 3);             // 45 000, no cost: profit 45 000
        var cancelled = await PlaceOrderAsync(host, bag, quantity: 5);
        using (var scope = host.Services.CreateScope())
            Assert.True((await OrderWorkflow.TransitionAsync(scope.ServiceProvider.GetRequiredService<StoreDb>(), cancelled.Id,
                OrderStatuses.Cancelled, "test", CancellationToken.None)).Ok);

        await PostAsync(host, Message(AdminId, "/report", language: "ru"));
        await PostAsync(host, Message(CustomerId, "/report", language: "ru"));
        await PostAsync(host, Message(AdminId, "/report yesterday", language: "uz"));
        await WaitHandledAsync(host, 3);

        var photo = Assert.Single(fake.Photos(AdminId));
        Assert.True(photo.Body["_multipart"]!.GetValue<bool>());
        var file = photo.Body["photo"]!;
        Assert.Equal("report.png", file["file_name"]!.GetValue<string>());
        var png = FakeBotApi.File(photo, "photo");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        // IHDR: width and height, big-endian, right after the signature and the chunk header.
        Assert.Equal((800, 450), (ReadBigEndian(png, 16), ReadBigEndian(png, 20)));
        Assert.True(png.Length > 2_000, $"a {png.Length}-byte PNG is too small to hold a chart");

        var caption = photo.Body["caption"]!.GetValue<string>();
        Assert.Equal("HTML", photo.Body["parse_mode"]!.GetValue<string>(), ignoreCase: true);
        Assert.Contains("Заказы: <b>2</b>, штук: 5", caption);
        Assert.Contains("Выручка: <b>285 000</b> сум", caption);
        Assert.Contains("Прибыль: <b>145 000</b> сум", caption);
        Assert.Contains("Средний заказ: 142 500 сум", caption);
        Assert.Contains("Отменено: 1", caption);
        Assert.Contains("amazing-store: 2 / 285 000", caption);

        // The customer is refused; an unknown period gets the usage line, not a report.
        Assert.Contains("только администраторам", Text(Assert.Single(fake.Sent(CustomerId))));
        Assert.Contains("/report [today|week|month]", Text(Assert.Single(fake.Sent(AdminId))));
        Assert.Empty(fake.Photos(CustomerId));
    }

    [Fact]
    public async Task Week_and_month_cover_their_days_and_the_chart_still_draws_with_no_sales()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake));
        var p = await AddProductAsync(host, "RW-1", 20, price: 10_000);
        var old = await PlaceOrderAsync(host, p, quantity: 1);
        // 10 days ago: in the month, not in the week.
        await host.ScalarAsync<int>("UPDATE orders SET created_at = now() - interval '10 days' WHERE id = $1 RETURNING id", old.Id);

        await PostAsync(host, Message(AdminId, "/report week", language: "uz"));
        await WaitHandledAsync(host, 1);
        await PostAsync(host, Message(AdminId, "/report month", language: "uz"));
        await WaitHandledAsync(host, 2);
        var photos = fake.Photos(AdminId);
        Assert.Equal(2, photos.Count);
        var week = photos[0].Body["caption"]!.GetValue<string>();
        var month = photos[1].Body["caption"]!.GetValue<string>();
        Assert.Contains("Buyurtmalar: <b>0</b>", week);
        Assert.Contains("Buyurtmalar: <b>1</b>", month);
        Assert.Contains("Tushum: <b>10 000</b> so'm", month);
        Assert.Equal(0x89, FakeBotApi.File(photos[0], "photo")[0]);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [Fact]
    public async Task The_digest_is_scheduled_daily_in_Tashkent_and_goes_once_a_day_however_often_the_job_runs()
    {
        await using var fake = await FakeBotApi.StartAsync();
        await using var host = await StoreHost.StartAsync(Settings(fake, ("Reports:DigestHour", "21")));
        var p = await AddProductAsync(host, "DG-1", 50, price: 30_000);
        var first = await PlaceOrderAsync(host, p, quantity: 2);
        var second = await PlaceOrderAsync(host, p, quantity: 1);
        // Dated 2026-03-01 and 2026-03-02 in Tashkent (23:30 and 00:30 local).
        await host.ScalarAsync<int>("UPDATE orders SET created_at = '2026-03-01T18:30:00Z' WHERE id = $1 RETURNING id", first.Id);
        await host.ScalarAsync<int>("UPDATE orders SET created_at = '2026-03-01T19:30:00Z' WHERE id = $1 RETURNING id", second.Id);

        // The recurring job: daily at the configured hour, in Tashkent's zone.
        var job = await RecurringJobs.FindAsync(host, OwnerDigestJob.RecurringJobId);
        Assert.NotNull(job);
        Assert.Equal("0 21 * * *", job!.Cron);
        Assert.Equal(TimeSpan.FromHours(5), TimeZoneInfo.FindSystemTimeZoneById(job.TimeZoneId).BaseUtcOffset);

        // Two instances (or a retry) run the job on the morning of 2026-03-02, a third run the next morning.
        OwnerDigestJob At(string utc) => new(host.Db, new FixedClock(DateTimeOffset.Parse(utc)), NullLogger<OwnerDigestJob>.Instance);
        await At("2026-03-02T04:00:00Z").RunAsync(CancellationToken.None);
        await At("2026-03-02T04:00:01Z").RunAsync(CancellationToken.None);
        await At("2026-03-02T18:59:00Z").RunAsync(CancellationToken.None); // 23:59 in Tashkent: still the same day
        await fake.WaitForAsync(_ => fake.Photos(OwnerChatId).Count >= 1, TimeSpan.FromSeconds(10), "the first digest");
        await At("2026-03-03T04:00:00Z").RunAsync(CancellationToken.None);
        await fake.WaitForAsync(_ => fake.Photos(OwnerChatId).Count >= 2, TimeSpan.FromSeconds(10), "the second digest");
        await Task.Delay(700); // room for a duplicate to show up

        var digests = fake.Photos(OwnerChatId).Select(c => c.Body["caption"]!.GetValue<string>()).ToList();
        Assert.Equal(2, digests.Count);
        Assert.Contains("01.03.2026", digests[0]);
        Assert.Contains("Заказы: <b>1</b>, штук: 2", digests[0]);
        Assert.Contains("Выручка: <b>60 000</b>", digests[0]);
        Assert.Contains("02.03.2026", digests[1]);
        Assert.Contains("Выручка: <b>30 000</b>", digests[1]);
        Assert.Equal(2L, await host.ScalarAsync<long>("SELECT count(*) FROM outbox_messages WHERE type = 'telegram.owner_digest' AND status = 'done'"));
    }

    private static int ReadBigEndian(byte[] b, int at) => (b[at] << 24) | (b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3];
}
