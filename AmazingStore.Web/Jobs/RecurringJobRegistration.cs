using Npgsql;

namespace AmazingStore.Web.Jobs;

/// <summary>
/// Registers a recurring job in Hangfire's storage once the host is up, retried (10 times, backing off up to 30 s)
/// while the database is away: start-up never waits for it, and a schedule is not lost to a slow database.
/// </summary>
public static class RecurringJobRegistration
{
    public static async Task RunAsync(string what, Action register, ILogger log, CancellationToken stoppingToken)
    {
        await Task.Yield();
        for (var attempt = 1; attempt <= 10 && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                register();
                return;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                log.LogWarning("Scheduling {What} failed ({Error}); attempt {Attempt} of 10", what, e.Message, attempt);
                try { await Task.Delay(TimeSpan.FromSeconds(Math.Min(30, attempt * 2)), stoppingToken); }
                catch (OperationCanceledException) { return; }
            }
        }
    }
}
