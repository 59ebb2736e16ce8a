using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AmazingStore.Tests.Bot;

/// <summary>
/// A local Bot API: <c>POST /bot{token}/{method}</c> on 127.0.0.1, recording every call (method,
/// parameters, and whether it was answered ok), with scriptable replies per method (429 with
/// retry_after, 500, hang) and a getUpdates queue that honours offset and timeout.
/// </summary>
public sealed partial class FakeBotApi : IAsyncDisposable
{
    public sealed record Call(string Method, string Token, JsonObject Body, bool Delivered, long? MessageId);

    public abstract record Reply
    {
        public sealed record Ok : Reply;
        public sealed record Error(int Code, string Description, int? RetryAfter = null, long? MigrateToChatId = null) : Reply;
        public sealed record Http500 : Reply;
        /// <summary>Never answers (until the client gives up).</summary>
        public sealed record Hang : Reply;
        /// <summary>
        /// Slow to accept: answers (and only then counts the message as sent) after the delay; a
        /// caller that goes away first (timeout, crash) has sent nothing, as with a request that
        /// never got through.
        /// </summary>
        public sealed record Slow(TimeSpan Delay) : Reply;
        /// <summary>Closes the connection without an HTTP reply.</summary>
        public sealed record Drop : Reply;
    }

    private readonly WebApplication _app;
    private readonly List<Call> _calls = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<Reply>> _scripts = new();
    private readonly ConcurrentDictionary<string, Reply> _always = new();
    private readonly List<JsonObject> _updates = [];
    private readonly List<long?> _offsets = [];
    private long _messageId = 1000;
    private int _inFlight;

    /// <summary>Requests received and not answered yet (slow or hanging).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    private FakeBotApi(WebApplication app) => _app = app;

    public string BaseUrl => _app.Urls.First();

    public static async Task<FakeBotApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        var app = builder.Build();
        var fake = new FakeBotApi(app);
        app.MapPost("/bot{token}/{method}", fake.HandleAsync);
        await app.StartAsync();
        return fake;
    }

    public IReadOnlyList<Call> Calls { get { lock (_calls) return _calls.ToList(); } }
    public IReadOnlyList<long?> GetUpdatesOffsets { get { lock (_calls) return _offsets.ToList(); } }

    public IReadOnlyList<Call> Sent(long chatId) => Calls
        .Where(c => c.Method == "sendMessage" && c.Delivered && c.Body["chat_id"]?.GetValue<long>() == chatId).ToList();

    /// <summary>Photos Telegram accepted for a chat (a multipart sendPhoto's chat_id is a form field, so text).</summary>
    public IReadOnlyList<Call> Photos(long chatId) => Calls
        .Where(c => c.Method == "sendPhoto" && c.Delivered && c.Body["chat_id"]?.ToString() == chatId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>The uploaded file of a multipart call's field.</summary>
    public static byte[] File(Call call, string field) => Convert.FromBase64String(call.Body[field]!["base64"]!.GetValue<string>());

    /// <summary>The next calls of this method get these replies, in order; then the normal ones.</summary>
    public void Script(string method, params Reply[] replies)
    {
        var queue = _scripts.GetOrAdd(method, _ => new());
        foreach (var r in replies) queue.Enqueue(r);
    }

    /// <summary>Every call of this method gets this reply (null: back to normal).</summary>
    public void Always(string method, Reply? reply)
    {
        if (reply is null) _always.TryRemove(method, out _); else _always[method] = reply;
    }

    public void EnqueueUpdate(JsonObject update)
    {
        lock (_calls) _updates.Add(update);
    }

    /// <summary>Polls (bounded) until the recorded calls satisfy the condition.</summary>
    public async Task<IReadOnlyList<Call>> WaitForAsync(Func<IReadOnlyList<Call>, bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var calls = Calls;
            if (condition(calls)) return calls;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {timeout} for {what}; calls: {string.Join(", ", calls.Select(c => c.Method + (c.Delivered ? "" : "(failed)")))}");
            await Task.Delay(50);
        }
    }

    private async Task HandleAsync(HttpContext http, string token, string method)
    {
        var body = await ParametersAsync(http.Request);
        var reply = _always.TryGetValue(method, out var always) ? always
            : _scripts.TryGetValue(method, out var queue) && queue.TryDequeue(out var scripted) ? scripted
            : new Reply.Ok();
        switch (reply)
        {
            case Reply.Slow slow:
                Interlocked.Increment(ref _inFlight);
                try { await Task.Delay(slow.Delay, http.RequestAborted); }
                catch (OperationCanceledException)
                {
                    Record(method, token, body, false, null);
                    return;
                }
                finally { Interlocked.Decrement(ref _inFlight); }
                break;
            case Reply.Drop:
                Record(method, token, body, false, null);
                http.Abort();
                return;
            case Reply.Hang:
                Interlocked.Increment(ref _inFlight);
                Record(method, token, body, false, null);
                try { await Task.Delay(TimeSpan.FromSeconds(15), http.RequestAborted); } catch (OperationCanceledException) { }
                finally { Interlocked.Decrement(ref _inFlight); }
                return;
            case Reply.Http500:
                Record(method, token, body, false, null);
                http.Response.StatusCode = 500;
                await http.Response.WriteAsync("<html>Internal Server Error</html>");
                return;
            case Reply.Error e:
                Record(method, token, body, false, null);
                http.Response.StatusCode = e.Code;
                var error = new JsonObject { ["ok"] = false, ["error_code"] = e.Code, ["description"] = e.Description };
                if (e.RetryAfter is { } after) error["parameters"] = new JsonObject { ["retry_after"] = after };
                if (e.MigrateToChatId is { } moved) error["parameters"] = new JsonObject { ["migrate_to_chat_id"] = moved };
                await http.Response.WriteAsJsonAsync(error);
                return;
        }

        // Payments (FakeBotApi.Payments.cs): what Telegram refuses, refused the same way.
        if (RefusePayment(method, body) is { } refused)
        {
            Record(method, token, body, false, null);
            http.Response.StatusCode = 400;
            await http.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = false, ["error_code"] = 400, ["description"] = refused });
            return;
        }
        JsonNode? result = true;
        long? messageId = null;
        switch (method)
        {
            case "createInvoiceLink":
                result = CreateInvoiceLink(body);
                break;
            case "sendMessage":
                messageId = Interlocked.Increment(ref _messageId);
                result = new JsonObject
                {
                    ["message_id"] = messageId,
                    ["chat"] = new JsonObject { ["id"] = body["chat_id"]?.DeepClone(), ["type"] = "private" },
                    ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["text"] = body["text"]?.DeepClone(),
                };
                break;
            case "sendPhoto":
                messageId = Interlocked.Increment(ref _messageId);
                result = new JsonObject
                {
                    ["message_id"] = messageId,
                    ["chat"] = new JsonObject { ["id"] = long.Parse(body["chat_id"]!.ToString()), ["type"] = "private" },
                    ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["photo"] = new JsonArray(new JsonObject { ["file_id"] = $"photo{messageId}", ["file_unique_id"] = $"u{messageId}", ["width"] = 800, ["height"] = 450 }),
                    ["caption"] = body["caption"]?.DeepClone(),
                };
                break;
            case "editMessageText":
                // Like Telegram: the edited message (true only for inline-mode messages, which this bot does not send).
                result = new JsonObject
                {
                    ["message_id"] = body["message_id"]?.DeepClone(),
                    ["chat"] = new JsonObject { ["id"] = body["chat_id"]?.DeepClone(), ["type"] = "private" },
                    ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["edit_date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                    ["text"] = body["text"]?.DeepClone(),
                };
                break;
            case "getUpdates":
                result = await UpdatesAsync(body, http.RequestAborted);
                break;
        }
        Record(method, token, body, true, messageId);
        await http.Response.WriteAsJsonAsync(new JsonObject { ["ok"] = true, ["result"] = result });
    }

    /// <summary>
    /// A method's parameters the ways the Bot API takes them: a JSON body (what Telegram.Bot sends, one
    /// POST per method), a form, the query string, or nothing at all for a method without parameters.
    /// </summary>
    private static async Task<JsonObject> ParametersAsync(HttpRequest request)
    {
        var parameters = new JsonObject();
        foreach (var (key, value) in request.Query) parameters[key] = value.ToString();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync();
            foreach (var (key, value) in form) parameters[key] = value.ToString();
            // multipart/form-data with files (sendPhoto with an upload): each file part is recorded with its
            // name, type and bytes (base64), under its field name, as Telegram would receive it.
            foreach (var file in form.Files)
            {
                using var bytes = new MemoryStream();
                await file.CopyToAsync(bytes);
                parameters[file.Name] = new JsonObject
                {
                    ["file_name"] = file.FileName, ["content_type"] = file.ContentType, ["length"] = bytes.Length,
                    ["base64"] = Convert.ToBase64String(bytes.ToArray()),
                };
            }
            // "attach://<name>" names a file part, as the Bot API reads it: the field then holds that file.
            foreach (var (key, value) in parameters.ToList())
                if (value?.GetValueKind() == JsonValueKind.String && value.GetValue<string>() is { } reference && reference.StartsWith("attach://", StringComparison.Ordinal)
                    && parameters[reference["attach://".Length..]] is JsonObject file)
                    parameters[key] = file.DeepClone();
            if (request.ContentType?.StartsWith("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true) parameters["_multipart"] = true;
            return parameters;
        }
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync();
        if (string.IsNullOrWhiteSpace(text)) return parameters;
        foreach (var (key, value) in JsonNode.Parse(text)!.AsObject()) parameters[key] = value?.DeepClone();
        return parameters;
    }

    private async Task<JsonArray> UpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        var offset = body["offset"]?.GetValue<long>();
        var timeout = Math.Min(body["timeout"]?.GetValue<int>() ?? 0, 5);
        lock (_calls) _offsets.Add(offset);
        var deadline = DateTime.UtcNow.AddSeconds(timeout);
        while (true)
        {
            lock (_calls)
            {
                // Like Telegram: an offset confirms (forgets) every earlier update.
                if (offset is not null) _updates.RemoveAll(u => u["update_id"]!.GetValue<long>() < offset);
                if (_updates.Count > 0 || DateTime.UtcNow >= deadline)
                    return new JsonArray(_updates.Select(u => (JsonNode)u.DeepClone()).ToArray());
            }
            try { await Task.Delay(50, aborted); } catch (OperationCanceledException) { return []; }
        }
    }

    private void Record(string method, string token, JsonObject body, bool delivered, long? messageId)
    {
        lock (_calls) _calls.Add(new Call(method, token, body, delivered, messageId));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
