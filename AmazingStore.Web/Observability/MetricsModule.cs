using System.Net;
using AmazingStore.Data.Observability;
using Npgsql;
using OpenTelemetry.Metrics;

namespace AmazingStore.Web.Observability;

/// <summary>
/// Metrics for operators at <c>/metrics</c> in Prometheus text format: HTTP requests and latency (ASP.NET Core's
/// own meters), outbound HTTP (marketplaces, Bot API), Npgsql, and the store's own (orders by channel, outbox
/// backlog and the age of its oldest row, marketplace sync runs and refused items, Bot API errors). Not open
/// to the internet: only a direct loopback request (no proxy in between) or one with the bearer token in
/// <c>Metrics:Token</c> is answered; anything else gets 404, as if there were nothing there.
/// </summary>
public static class MetricsModule
{
    public const string Path = "/metrics";

    public static void AddStoreMetrics(this WebApplicationBuilder builder)
    {
        // Metrics:Enabled=false: nothing listens, so every instrument stays a no-op, and /metrics is not mapped.
        if (!builder.Configuration.GetValue("Metrics:Enabled", true)) return;
        builder.Services.AddOpenTelemetry().WithMetrics(m => m
            .AddMeter(StoreMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Net.Http", "Npgsql")
            .AddPrometheusExporter());
        builder.Services.AddHostedService<OutboxBacklogGauge>();
    }

    public static void MapStoreMetrics(this WebApplication app)
    {
        if (!app.Configuration.GetValue("Metrics:Enabled", true)) return;
        var token = app.Configuration["Metrics:Token"];
        app.MapPrometheusScrapingEndpoint(Path).AddEndpointFilter(async (ctx, next) =>
            Allowed(ctx.HttpContext, token) ? await next(ctx) : TypedResults.NotFound()).ExcludeFromDescription();
    }

    private static bool Allowed(HttpContext http, string? token)
    {
        if (!string.IsNullOrEmpty(token))
            return http.Request.Headers.Authorization.ToString() is var auth && auth.StartsWith("Bearer ", StringComparison.Ordinal)
                && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
                    System.Text.Encoding.UTF8.GetBytes(auth[7..]), System.Text.Encoding.UTF8.GetBytes(token));
        // A request relayed by a reverse proxy on this machine comes from loopback too: it carries X-Forwarded-For.
        return http.Connection.RemoteIpAddress is { } ip && IPAddress.IsLoopback(ip)
            && !http.Request.Headers.ContainsKey("X-Forwarded-For") && !http.Request.Headers.ContainsKey("Forwarded");
    }
}

/// <summary>
/// Reads the outbox backlog every few seconds for the gauges: the exporter's collect callback must not wait on
/// the database, so it reports the last reading.
/// </summary>
public sealed class OutboxBacklogGauge(NpgsqlDataSource dataSource, ILogger<OutboxBacklogGauge> log) : BackgroundService
{
    private volatile StoreMetrics.OutboxReading? _last;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var database = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database ?? "";
        using var watch = StoreMetrics.WatchOutbox(database, () => _last);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(2));
        try
        {
            do
            {
                try
                {
                    // Only the waiting rows (the outbox's partial index): delivered ones pile up and are not read.
                    await using var cmd = dataSource.CreateCommand("""
                        SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)::float8
                        FROM outbox_messages WHERE status IN ('pending', 'processing')
                        """);
                    await using var r = await cmd.ExecuteReaderAsync(stoppingToken);
                    if (await r.ReadAsync(stoppingToken)) _last = new StoreMetrics.OutboxReading(r.GetInt64(0), r.GetDouble(1));
                }
                catch (NpgsqlException e) { log.LogDebug("Outbox backlog not read: {Error}", e.Message); }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
    }
}
