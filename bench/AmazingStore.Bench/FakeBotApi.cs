using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AmazingStore.Bench;

/// <summary>A Bot API stand-in on 127.0.0.1 that answers every method with ok and notes when each message arrived.</summary>
public sealed class FakeBotApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    public ConcurrentQueue<(long Timestamp, string Text)> Messages { get; } = new();
    /// <summary>createInvoiceLink: the link answered → the payload the store sent.</summary>
    public ConcurrentDictionary<string, string> InvoicePayloads { get; } = new();
    /// <summary>answerPreCheckoutQuery: query id → ok.</summary>
    public ConcurrentDictionary<string, bool> PreCheckoutAnswers { get; } = new();
    private int _invoices;
    public string BaseUrl { get; }

    private FakeBotApi(WebApplication app, string baseUrl) { _app = app; BaseUrl = baseUrl; }

    public static async Task<FakeBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        FakeBotApi? self = null;
        app.MapPost("/bot{token}/{method}", async (string method, HttpContext http) =>
        {
            using var body = await JsonDocument.ParseAsync(http.Request.Body);
            if (method == "sendMessage" && body.RootElement.TryGetProperty("text", out var text))
                self!.Messages.Enqueue((Stopwatch.GetTimestamp(), text.GetString() ?? ""));
            if (method == "createInvoiceLink")
            {
                // Like Telegram: the link is the result (a string).
                var link = $"https://t.me/$bench{Interlocked.Increment(ref self!._invoices)}";
                self.InvoicePayloads[link] = body.RootElement.GetProperty("payload").GetString()!;
                return Results.Json(new { ok = true, result = link });
            }
            if (method == "answerPreCheckoutQuery")
                self!.PreCheckoutAnswers[body.RootElement.GetProperty("pre_checkout_query_id").GetString()!] = body.RootElement.GetProperty("ok").GetBoolean();
            // Like Telegram: a Message for sends and edits, true for everything else.
            return method is "sendMessage" or "editMessageText"
                ? Results.Json(new { ok = true, result = new { message_id = 1, date = 0, chat = new { id = 1, type = "private" } } })
                : Results.Json(new { ok = true, result = true });
        });
        await app.StartAsync();
        self = new FakeBotApi(app, app.Urls.First());
        return self;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}
