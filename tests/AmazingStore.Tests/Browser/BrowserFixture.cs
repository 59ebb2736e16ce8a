using System.Collections.Concurrent;
using AmazingStore.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AmazingStore.Tests.Browser;

/// <summary>The browser test classes run one after another: each drives Chromium against a host of its own,
/// and on a small machine several at once only make every step slower.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}

/// <summary>One Playwright driver and one headless Debian Chromium per test class; each test gets a new context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    /// <summary>Every wait in a browser test is bounded by this (Playwright's auto-waiting, never sleeps).</summary>
    public const float Timeout = 15_000;

    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: apt-get install -y chromium (test.sh does it).");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Timeout = 60_000,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        Assertions.SetDefaultExpectTimeout(Timeout);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
    }

    /// <summary>A fresh context (own storage) on the host, a phone-sized viewport, network to 127.0.0.1 only.</summary>
    public async Task<BrowserSession> OpenAsync(StoreHost host, Action<BrowserNewContextOptions>? options = null, string? initScript = null)
    {
        var o = new BrowserNewContextOptions
        {
            BaseURL = host.BaseAddress.ToString().TrimEnd('/'),
            ViewportSize = new() { Width = 400, Height = 860 },
            Locale = "en-US",
            ColorScheme = ColorScheme.Light,
            ServiceWorkers = ServiceWorkerPolicy.Block,
        };
        options?.Invoke(o);
        var context = await Browser.NewContextAsync(o);
        context.SetDefaultTimeout(Timeout);
        context.SetDefaultNavigationTimeout(Timeout);
        var session = new BrowserSession(context);
        await context.RouteAsync("**/*", session.RouteAsync);
        if (initScript is not null) await context.AddInitScriptAsync(initScript);
        session.Page = await context.NewPageAsync();
        session.Page.PageError += (_, e) => session.PageErrors.Enqueue(e);
        session.Page.Dialog += async (_, d) => { session.Dialogs.Enqueue(d.Message); await d.DismissAsync(); };
        return session;
    }
}

/// <summary>One browser context: its page and what the page tried to do.</summary>
public sealed class BrowserSession(IBrowserContext context) : IAsyncDisposable
{
    public sealed record ApiCall(string Method, string PathAndQuery, string? Authorization);

    public IBrowserContext Context { get; } = context;
    public IPage Page { get; internal set; } = null!;
    /// <summary>Requests to anything but 127.0.0.1, aborted (telegram.org's script among them).</summary>
    public ConcurrentQueue<string> Blocked { get; } = new();
    public ConcurrentQueue<ApiCall> ApiCalls { get; } = new();
    public ConcurrentQueue<string> PageErrors { get; } = new();
    public ConcurrentQueue<string> Dialogs { get; } = new();

    internal async Task RouteAsync(IRoute route)
    {
        var uri = new Uri(route.Request.Url);
        if (uri.Host != "127.0.0.1")
        {
            Blocked.Enqueue(route.Request.Url);
            await route.AbortAsync("blockedbyclient");
            return;
        }
        if (uri.AbsolutePath.StartsWith("/api/", StringComparison.Ordinal))
        {
            var headers = await route.Request.AllHeadersAsync();
            ApiCalls.Enqueue(new(route.Request.Method, uri.PathAndQuery, headers.GetValueOrDefault("authorization")));
        }
        await route.ContinueAsync();
    }

    public ILocator ById(string testId) => Page.GetByTestId(testId);

    /// <summary>No uncaught script errors and no alert/confirm dialogs happened.</summary>
    public void AssertClean()
    {
        Assert.Empty(PageErrors);
        Assert.Empty(Dialogs);
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}
