using Npgsql;

namespace AmazingStore.Tests.Marketplaces;

public static class ScheduleAssertions
{
    /// <summary>
    /// Each scheduled stock run of a marketplace was due in an interval of its own. Judged by the time a
    /// run was due (<c>scheduled_for</c>), not when it started: a due run waits for a push of the same
    /// marketplace already running, so start times alone cannot tell a late run from a double one.
    /// </summary>
    public static async Task AssertScheduledStockRunsOncePerIntervalAsync(NpgsqlDataSource db, string slug, TimeSpan interval)
    {
        await using var cmd = db.CreateCommand("""
            SELECT l.scheduled_for, l.started_at FROM sync_logs l JOIN marketplaces m ON m.id = l.marketplace_id
             WHERE m.slug = $1 AND l.sync_type = 'stock' AND l.trigger_type = 'schedule' ORDER BY l.scheduled_for
            """);
        cmd.Parameters.AddWithValue(slug);
        var due = new List<DateTime>();
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync())
            {
                Assert.False(r.IsDBNull(0), $"{slug}: a scheduled run without the time it was due");
                due.Add(r.GetDateTime(0));
                Assert.True(r.GetDateTime(1) >= r.GetDateTime(0).AddMilliseconds(-50), $"{slug}: a run started before it was due");
            }
        Assert.True(due.Count >= 2, $"{slug}: {due.Count} scheduled runs");
        var gaps = due.Zip(due.Skip(1), (x, y) => (y - x).TotalSeconds).ToList();
        Assert.All(gaps, g => Assert.True(g > interval.TotalSeconds * 0.95,
            $"{slug}: two scheduled runs due {g:0.00}s apart: one interval ran twice ({string.Join(", ", gaps.Select(x => x.ToString("0.00")))})"));
    }
}
