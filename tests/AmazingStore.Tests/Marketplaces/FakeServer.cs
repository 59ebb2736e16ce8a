using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AmazingStore.Tests.Marketplaces;

public sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string Body, DateTime At)
{
    public string Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : "";
}

public sealed record FakeReply(int Status, string? Json = null, IReadOnlyDictionary<string, string>? Headers = null)
{
    public static FakeReply Ok(string json) => new(200, json);
}

/// <summary>
/// A local HTTP server on 127.0.0.1:0 standing in for a marketplace: records every request and
/// answers through <see cref="Handle"/>, after a weighted sliding-window rate check (a request
/// over the limit gets 429 with X-Ratelimit-Retry, and is counted as a violation).
/// </summary>
public abstract class FakeServer : IAsyncDisposable
{
    private WebApplication? _app;
    private readonly List<(DateTime At, int Weight)> _window = [];
    private readonly object _lock = new();

    public string Url { get; private set; } = "";
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();
    /// <summary>Scripted replies, used before normal handling (then removed).</summary>
    public ConcurrentQueue<FakeReply> Script { get; } = new();
    public int RateLimit { get; set; } = 10_000;
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromMinutes(1);
    public int RateViolations;

    /// <summary>Every request: close the connection without a reply.</summary>
    public volatile bool Drop;
    /// <summary>Every request: never answer (until the caller goes away).</summary>
    public volatile bool Hang;
    /// <summary>
    /// Every request is answered (and only then takes effect) after this delay; a caller that goes
    /// away first (timeout, crash) changed nothing, as with a request that never got through.
    /// </summary>
    public TimeSpan? Delay { get; set; }
    private int _inFlight;
    /// <summary>Requests received and not answered yet (slow or hanging).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);
    /// <summary>Requests whose caller went away before the reply.</summary>
    public int Abandoned;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(ServeAsync);
        await _app.StartAsync();
        Url = _app.Urls.First();
    }

    private async Task ServeAsync(HttpContext ctx)
    {
        using var reader = new StreamReader(ctx.Request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync();
        var request = new RecordedRequest(ctx.Request.Method, ctx.Request.Path.Value ?? "",
            ctx.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            ctx.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body, DateTime.UtcNow);
        Requests.Enqueue(request);
        if (Drop) { ctx.Abort(); return; }
        if (Hang || Delay is not null)
        {
            Interlocked.Increment(ref _inFlight);
            try { await Task.Delay(Hang ? TimeSpan.FromSeconds(60) : Delay!.Value, ctx.RequestAborted); }
            catch (OperationCanceledException) { Interlocked.Increment(ref Abandoned); return; }
            finally { Interlocked.Decrement(ref _inFlight); }
        }
        FakeReply reply;
        if (!Authorized(request)) reply = new FakeReply(401, """{"code":401,"message":"unauthorized"}""");
        else if (Script.TryDequeue(out var scripted)) reply = scripted;
        else if (!TakeRate(1)) { Interlocked.Increment(ref RateViolations); reply = RateLimited(); }
        else reply = Handle(request);
        if (reply.Status == 409) TakeRate(ConflictCost - 1);
        ctx.Response.StatusCode = reply.Status;
        foreach (var (k, v) in reply.Headers ?? new Dictionary<string, string>()) ctx.Response.Headers[k] = v;
        if (reply.Json is not null)
        {
            ctx.Response.ContentType = "application/json";
            await ctx.Response.WriteAsync(reply.Json);
        }
    }

    protected virtual int ConflictCost => 1;

    /// <summary>The reply to a request over <see cref="RateLimit"/>, in the marketplace's own format.</summary>
    protected virtual FakeReply RateLimited() => TooMany();

    public static FakeReply TooMany(string retrySeconds = "1") => new(429,
        """{"title":"too many requests","detail":"limited by fake","status":429,"statusText":"Too Many Requests"}""",
        new Dictionary<string, string> { ["X-Ratelimit-Retry"] = retrySeconds });

    private bool TakeRate(int weight)
    {
        lock (_lock)
        {
            var now = DateTime.UtcNow;
            _window.RemoveAll(w => now - w.At > RateWindow);
            var used = _window.Sum(w => w.Weight);
            _window.Add((now, weight));
            return used + weight <= RateLimit;
        }
    }

    protected abstract bool Authorized(RecordedRequest r);
    protected abstract FakeReply Handle(RecordedRequest r);

    public IReadOnlyList<RecordedRequest> Received(string method, string pathPrefix) =>
        Requests.Where(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.Ordinal)).ToList();

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) { await _app.StopAsync(); await _app.DisposeAsync(); }
        GC.SuppressFinalize(this);
    }
}
