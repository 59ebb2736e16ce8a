using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.RateLimiting;

namespace AmazingStore.Web.Marketplaces.Connectors;

/// <summary>
/// Sends one marketplace request through that API's pipeline. The request is rebuilt for every
/// attempt (a sent HttpRequestMessage cannot be sent again), and every attempt pays its permits.
/// </summary>
public sealed class MarketplaceHttp(HttpClient http, MarketplacePipelines pipelines, MarketplaceApiHosts hosts)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <param name="conflictCost">What a 409 reply costs in requests (WB stocks: 10).</param>
    public async Task<HttpResponseMessage> SendAsync(string api, Func<HttpRequestMessage> build, CancellationToken ct, int conflictCost = 1)
    {
        var (pipeline, limiter) = pipelines.For(api);
        try
        {
            return await pipeline.ExecuteAsync(async token =>
            {
                await AcquireAsync(limiter, 1, token);
                using var request = build();
                // The last gate before credentials leave: a URL stored before the allow-list, or put in by SQL, sends nothing.
                if (request.RequestUri is not { } target || !hosts.IsAllowed(MarketplaceApiHosts.SlugOf(api), target))
                    throw new MarketplaceException($"{api}: host {request.RequestUri?.Host} is not allowed (official hosts or Marketplaces:AllowedApiHosts); nothing was sent");
                var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, token);
                if (response.StatusCode == HttpStatusCode.Conflict && conflictCost > 1)
                    await AcquireAsync(limiter, conflictCost - 1, token);
                return response;
            }, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            if (e is MarketplaceException) throw;
            throw new MarketplaceException($"{api}: request failed ({e.GetType().Name}: {e.Message})", e);
        }
    }

    private static async Task AcquireAsync(RateLimiter limiter, int permits, CancellationToken ct)
    {
        using var lease = await limiter.AcquireAsync(permits, ct);
        if (!lease.IsAcquired) throw new MarketplaceException("rate limiter queue is full");
    }

    public static HttpRequestMessage JsonRequest(HttpMethod method, Uri url, object? body)
    {
        var request = new HttpRequestMessage(method, url);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        return request;
    }

    /// <summary>Throws with the status and a short body excerpt (never the request headers, which carry secrets).</summary>
    public static async Task EnsureSuccessAsync(HttpResponseMessage r, string what, CancellationToken ct)
    {
        if (r.IsSuccessStatusCode) return;
        var body = await r.Content.ReadAsStringAsync(ct);
        if (body.Length > 500) body = body[..500];
        throw new MarketplaceException($"{what}: HTTP {(int)r.StatusCode} {body}");
    }
}
