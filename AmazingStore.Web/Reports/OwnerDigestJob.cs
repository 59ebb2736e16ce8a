using AmazingStore.Web.Jobs;
using System.Globalization;
using System.Text.Json;
using AmazingStore.Data.Outbox;
using AmazingStore.Data.Reports;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Web.Reports;

/// <summary>
/// The daily digest, a Hangfire recurring job at Reports:DigestHour in Tashkent. It only queues the digest of the
/// previous Tashkent day in the outbox, under the key owner_digest:{date}: a second run for the same day (another
/// instance, a retry, a manual trigger on the dashboard) adds nothing, so the owner gets one digest a day, and the
/// outbox retries the send until Telegram takes it.
/// </summary>
public sealed class OwnerDigestJob(NpgsqlDataSource db, TimeProvider clock, ILogger<OwnerDigestJob> log)
{
    public const string RecurringJobId = "reports.owner-digest";

    [AutomaticRetry(Attempts = 3)]
    public async Task RunAsync(CancellationToken ct)
    {
        var date = SalesReports.TashkentToday(clock.GetUtcNow()).AddDays(-1);
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await using var batch = db.CreateBatch();
        batch.BatchCommands.Add(OutboxWriter.Command(OutboxTypes.OwnerDigest, JsonSerializer.Serialize(new { date = day }), $"owner_digest:{day}"));
        await batch.ExecuteNonQueryAsync(ct);
        log.LogInformation("Owner digest for {Date} queued", day);
    }

    /// <summary>Tashkent: UTC+5 all year; the zone database's entry when the machine has one.</summary>
    public static TimeZoneInfo Tashkent()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById("Asia/Tashkent"); }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return TimeZoneInfo.CreateCustomTimeZone("Asia/Tashkent", SalesReports.TashkentOffset, "Tashkent", "Tashkent");
        }
    }
}

/// <summary>Registers (or removes) the digest's recurring job once the host is up; retried while the database is away.</summary>
public sealed class OwnerDigestSchedule(IRecurringJobManager recurring, IOptions<ReportsOptions> options, ILogger<OwnerDigestSchedule> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        return RecurringJobRegistration.RunAsync("the owner digest", () =>
        {
            if (!o.DigestEnabled) recurring.RemoveIfExists(OwnerDigestJob.RecurringJobId);
            else
                recurring.AddOrUpdate<OwnerDigestJob>(OwnerDigestJob.RecurringJobId, j => j.RunAsync(CancellationToken.None),
                    Cron.Daily(Math.Clamp(o.DigestHour, 0, 23)), new RecurringJobOptions { TimeZone = OwnerDigestJob.Tashkent() });
        }, log, stoppingToken);
    }
}
