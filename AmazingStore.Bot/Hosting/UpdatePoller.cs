using System.Text.Json;
using AmazingStore.Bot.Api;
using AmazingStore.Bot.Updates;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Requests;

namespace AmazingStore.Bot.Hosting;

/// <summary>
/// Long polling, the mode for a machine without a public HTTPS URL: deleteWebhook, then getUpdates
/// from the offset kept in bot_state. Each batch is recorded in processed_updates together with the
/// next offset in one transaction, so after a restart nothing is skipped and nothing repeats (and
/// the update_id key would catch a repeat anyway). Handling is <see cref="UpdateWorker"/>'s, as for webhooks.
/// The batch is taken as raw JSON and each update read on its own (<see cref="TelegramUpdates"/>), as a
/// webhook update is: with the library's Update[] one update it cannot read would fail every getUpdates,
/// and the offset would never move past it.
/// </summary>
public sealed class UpdatePoller(ITelegramBotClient bot, UpdateInbox inbox, IOptions<TelegramOptions> options, ILogger<UpdatePoller> log)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        var delay = TimeSpan.FromSeconds(1);
        var webhookDeleted = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!webhookDeleted)
                {
                    await bot.DeleteWebhook(dropPendingUpdates: false, cancellationToken: stoppingToken);
                    webhookDeleted = true;
                    log.LogInformation("Telegram bot: long polling getUpdates");
                }
                var offset = await inbox.PollingOffsetAsync(stoppingToken);
                var getUpdates = new GetUpdatesRequest
                {
                    Offset = offset is { } at ? checked((int)at) : null,
                    Timeout = Math.Max(0, o.PollingTimeoutSeconds),
                    AllowedUpdates = StoreTelegramBotClient.AllowedUpdatesFor(o),
                };
                var updates = await bot.SendRequest(new WireRequest<JsonElement[]>(getUpdates), stoppingToken);
                var batch = new List<(long, string)>();
                var next = offset ?? 0;
                foreach (var raw in updates)
                {
                    if (TelegramUpdates.Read(raw) is not { } update)
                    {
                        log.LogWarning("Telegram polling: skipped an entry that is not an update");
                        continue;
                    }
                    batch.Add((update.Id, raw.GetRawText()));
                    next = Math.Max(next, update.Id + 1L);
                }
                if (updates.Length > 0) await inbox.RecordPolledAsync(batch, next, stoppingToken);
                delay = TimeSpan.FromSeconds(1);
                continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { return; }
            catch (BotApiException e) when (e.IsRateLimited)
            {
                delay = e.RetryAfter ?? delay;
                log.LogWarning("Telegram polling rate limited; waiting {Delay}", delay);
            }
            catch (Exception e)
            {
                // 409 Conflict = another poller or a webhook is active; 5xx/timeouts = Telegram or network trouble.
                log.LogWarning("Telegram polling failed ({Error}); retrying in {Delay}", e.Message, delay);
            }
            try { await Task.Delay(delay, stoppingToken); } catch (OperationCanceledException) { return; }
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
        }
    }
}
