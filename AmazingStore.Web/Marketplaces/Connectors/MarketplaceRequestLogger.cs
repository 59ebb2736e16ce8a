using Microsoft.Extensions.Http.Logging;

namespace AmazingStore.Web.Marketplaces.Connectors;

/// <summary>
/// Logs every marketplace request (method, host and path, status, time) instead of the
/// IHttpClientFactory default loggers: those hand the raw request headers (Authorization,
/// Api-Key) to the logger as structured state at Trace level, and only the rendered text is
/// redacted — a structured sink would store the marketplace keys.
/// </summary>
public sealed class MarketplaceRequestLogger(ILogger<MarketplaceRequestLogger> log) : IHttpClientLogger
{
    public object? LogRequestStart(HttpRequestMessage request) => null;

    public void LogRequestStop(object? context, HttpRequestMessage request, HttpResponseMessage response, TimeSpan elapsed) =>
        log.LogDebug("{Method} {Host}{Path} answered {Status} in {Elapsed} ms", request.Method, request.RequestUri?.Authority,
            request.RequestUri?.AbsolutePath, (int)response.StatusCode, (long)elapsed.TotalMilliseconds);

    public void LogRequestFailed(object? context, HttpRequestMessage request, HttpResponseMessage? response, Exception exception, TimeSpan elapsed) =>
        log.LogDebug("{Method} {Host}{Path} failed after {Elapsed} ms: {Error}", request.Method, request.RequestUri?.Authority,
            request.RequestUri?.AbsolutePath, (long)elapsed.TotalMilliseconds, exception.GetType().Name);
}
