using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace AmazingStore.Tests.Infrastructure;

public static class RecurringJobs
{
    /// <summary>The recurring job as Hangfire's shared storage holds it, once the host's schedule has written it
    /// (in the background after start-up: waited for up to 10 s); null when it never came.</summary>
    public static async Task<RecurringJobDto?> FindAsync(StoreHost host, string id)
    {
        var storage = host.Services.GetRequiredService<JobStorage>();
        for (var i = 0; i < 100; i++)
        {
            using (var connection = storage.GetConnection())
                if (connection.GetRecurringJobs().FirstOrDefault(j => j.Id == id) is { } job) return job;
            await Task.Delay(100);
        }
        return null;
    }
}
