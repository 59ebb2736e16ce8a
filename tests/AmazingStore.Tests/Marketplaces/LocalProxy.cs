using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AmazingStore.Tests.Marketplaces;

/// <summary>
/// A reverse proxy on 127.0.0.1 in front of the store, as nginx with
/// <c>proxy_set_header X-Forwarded-For $remote_addr</c> would be: it forwards each request and names the
/// client it saw. Every connection here comes from loopback, so the client address it reports is set by
/// the test (<see cref="ClientAddress"/>), standing in for the address an outside caller would have.
/// </summary>
public sealed class LocalProxy(Uri upstream) : IAsyncDisposable
{
    private WebApplication? _app;
    private readonly HttpClient _http = new() { BaseAddress = upstream, Timeout = TimeSpan.FromSeconds(30) };

    public string ClientAddress { get; set; } = "127.0.0.1";
    public HttpClient Client { get; private set; } = null!;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _app = builder.Build();
        _app.Run(ForwardAsync);
        await _app.StartAsync();
        Client = new HttpClient { BaseAddress = new Uri(_app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
    }

    private async Task ForwardAsync(HttpContext ctx)
    {
        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body);
        using var request = new HttpRequestMessage(new HttpMethod(ctx.Request.Method), ctx.Request.Path + ctx.Request.QueryString)
        {
            Content = new ByteArrayContent(body.ToArray()),
        };
        if (ctx.Request.ContentType is { } type) request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        request.Headers.TryAddWithoutValidation("X-Forwarded-For", ClientAddress);
        request.Headers.TryAddWithoutValidation("X-Forwarded-Proto", "https");
        using var response = await _http.SendAsync(request);
        ctx.Response.StatusCode = (int)response.StatusCode;
        if (response.Content.Headers.ContentType is { } contentType) ctx.Response.ContentType = contentType.ToString();
        await response.Content.CopyToAsync(ctx.Response.Body);
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        _http.Dispose();
        if (_app is not null) { await _app.StopAsync(); await _app.DisposeAsync(); }
    }
}
