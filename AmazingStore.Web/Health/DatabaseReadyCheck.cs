using AmazingStore.Data.Migrations;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AmazingStore.Web.Health;

/// <summary>Ready = the database answers and has every migration this build knows.</summary>
public sealed class DatabaseReadyCheck(SchemaMigrator migrator) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(2));
        try
        {
            var applied = await migrator.AppliedVersionAsync(timeout.Token);
            return applied >= SchemaMigrator.LatestVersion
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"schema at version {applied}, expected {SchemaMigrator.LatestVersion}");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy("database unreachable", e);
        }
    }
}
