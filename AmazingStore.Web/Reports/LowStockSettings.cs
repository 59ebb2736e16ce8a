using AmazingStore.Bot;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Web.Reports;

/// <summary>
/// The default low-stock minimum is configuration (Telegram:LowStockAlertDefault, else Telegram:LowStockThreshold,
/// the one /stock marks low by); the alert trigger (migration 0070) runs inside the database, so a host with an owner
/// chat to tell copies the value into bot_state at start-up, where the trigger reads it. Without one, the row is
/// removed: alerts nobody can receive would only pile up in the outbox.
/// </summary>
public sealed class LowStockSettings(IOptions<TelegramOptions> options)
{
    public int Default => Math.Max(0, options.Value.LowStockAlertDefault ?? options.Value.LowStockThreshold);

    public bool HasOwner => options.Value.Enabled && options.Value.OwnerChatId != 0;
}

public sealed class LowStockDefaultWriter(LowStockSettings settings, NpgsqlDataSource db, ILogger<LowStockDefaultWriter> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var attempt = 1; attempt <= 10 && !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await using var cmd = db.CreateCommand(settings.HasOwner
                    ? """
                      INSERT INTO bot_state (key, value) VALUES ('low_stock_default', $1)
                      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value WHERE bot_state.value IS DISTINCT FROM EXCLUDED.value
                      """
                    : "DELETE FROM bot_state WHERE key = 'low_stock_default' AND $1 IS NOT NULL");
                cmd.Parameters.AddWithValue(settings.Default.ToString(System.Globalization.CultureInfo.InvariantCulture));
                await cmd.ExecuteNonQueryAsync(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (NpgsqlException e)
            {
                log.LogWarning("Could not store the low-stock default ({Error}); attempt {Attempt} of 10", e.Message, attempt);
                try { await Task.Delay(TimeSpan.FromSeconds(attempt * 2), stoppingToken); } catch (OperationCanceledException) { return; }
            }
        }
    }
}
