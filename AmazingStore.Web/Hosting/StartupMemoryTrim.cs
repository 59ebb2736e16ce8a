using System.Runtime;

namespace AmazingStore.Web.Hosting;

/// <summary>
/// One compacting, memory-returning collection shortly after start-up. Start-up builds the EF model, checks
/// migrations, warms caches and starts Hangfire and the bot: garbage that a quiet store would otherwise keep
/// committed (the GC has no reason to run while idle) and that counts against a small VPS's memory.
/// Store:TrimAfterStart=false leaves it to the GC.
/// </summary>
public sealed class StartupMemoryTrim(IHostApplicationLifetime lifetime, IConfiguration config) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!config.GetValue("Store:TrimAfterStart", true)) return Task.CompletedTask;
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(async () =>
        {
            // After the start-up work still running in the background (schedule install, first polls).
            await Task.Delay(TimeSpan.FromSeconds(1), lifetime.ApplicationStopping).ConfigureAwait(false);
            GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }, lifetime.ApplicationStopping).ContinueWith(_ => { }, TaskScheduler.Default));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
