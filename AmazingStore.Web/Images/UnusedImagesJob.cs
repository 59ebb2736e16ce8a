using AmazingStore.Web.Jobs;
using AmazingStore.Data.Images;
using Hangfire;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Web.Images;

/// <summary>
/// Removes uploaded pictures no product, category or banner points at, once older than Images:UnusedGraceHours.
/// A daily Hangfire recurring job: its schedule lives in the shared Hangfire storage, so the instances run it
/// once between them; a second run (a retry, a manual trigger) finds nothing more to delete.
/// </summary>
public sealed class UnusedImagesJob(NpgsqlDataSource db, TimeProvider clock, IOptions<ImagesOptions> options, ILogger<UnusedImagesJob> log)
{
    public const string RecurringJobId = "images.remove-unused";

    [AutomaticRetry(Attempts = 3)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var grace = TimeSpan.FromHours(Math.Max(1, options.Value.UnusedGraceHours));
        var removed = await UnusedImages.DeleteAsync(db, clock.GetUtcNow() - grace, ct);
        log.LogInformation("Removed {Count} unused uploaded images (older than {GraceHours} h, referenced by nothing)", removed, grace.TotalHours);
        return removed;
    }
}

/// <summary>Registers the clean-up's recurring job once the host is up; retried while the database is away.</summary>
public sealed class UnusedImagesSchedule(IRecurringJobManager recurring, ILogger<UnusedImagesSchedule> log) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        // 22:00 UTC is 03:00 in Tashkent (UTC+5 all year): the shop's quietest hour.
        RecurringJobRegistration.RunAsync("the unused images clean-up", () =>
            recurring.AddOrUpdate<UnusedImagesJob>(UnusedImagesJob.RecurringJobId, j => j.RunAsync(CancellationToken.None),
                Cron.Daily(22), new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc }), log, stoppingToken);
}
