using AmazingStore.Web.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace AmazingStore.Web.Backups;

public sealed record BackupStatusReply(bool Enabled, string Folder, DateTime? LastBackupAt, bool Stale, IReadOnlyList<BackupFile> Files);

/// <summary>The admin's view of backups (GET) and a backup on demand (POST): the admin screen shows a stale warning from it.</summary>
public static class BackupApi
{
    public static void MapBackupApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin/backups").WithTags("Admin: backups").RequireAdmin();
        admin.MapGet("/", Status).WithName("AdminBackupStatus");
        admin.MapPost("/", Take).WithName("AdminTakeBackup");
    }

    private static Ok<BackupStatusReply> Status(BackupRunner runner, BackupSwitch enabled, TimeProvider clock) =>
        TypedResults.Ok(new BackupStatusReply(enabled.On, runner.Folder, runner.LastGoodAt, runner.IsStale(clock.GetUtcNow().UtcDateTime), runner.List()));

    private static async Task<Results<Created<BackupFile>, ProblemHttpResult>> Take(BackupRunner runner, BackupSwitch enabled, CancellationToken ct)
    {
        if (!enabled.On)
            return Infrastructure.Problems.Conflict("backups_disabled", "Backups are off on this host (Backup:Enabled); back up the external database server instead.");
        try
        {
            var file = await runner.TakeAsync(ct);
            return TypedResults.Created($"/api/admin/backups", file);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
        {
            return Infrastructure.Problems.Of(StatusCodes.Status503ServiceUnavailable, "backup_failed", "The backup failed", e.Message);
        }
    }
}

/// <summary>Whether scheduled backups run on this host.</summary>
public sealed record BackupSwitch(bool On);
