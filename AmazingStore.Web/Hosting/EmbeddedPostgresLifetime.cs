using AmazingStore.Data.Hosting;

namespace AmazingStore.Web.Hosting;

/// <summary>Stops the embedded server when the host stops, so no postgres process outlives us.</summary>
public sealed class EmbeddedPostgresLifetime(EmbeddedPostgres server) : IHostedService
{
    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => server.DisposeAsync().AsTask();
}
