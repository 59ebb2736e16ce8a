using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace AmazingStore.Web.Hosting;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy's address, so OZON's source-network check
/// would refuse every push (and OZON suspends pushes to a failing receiver). With the proxies named in
/// <c>Store:KnownProxies</c> (addresses or CIDR networks), the client address and scheme are taken from
/// X-Forwarded-For / X-Forwarded-Proto set by those proxies only. Without that setting the headers are
/// ignored: anyone can send them, and trusting them would let any caller claim to be OZON.
/// </summary>
public static class ForwardedHeadersSetup
{
    public const string Section = "Store:KnownProxies";

    public static void AddStoreForwardedHeaders(this WebApplicationBuilder builder)
    {
        var entries = builder.Configuration.GetSection(Section).Get<string[]>() ?? [];
        var proxies = new List<IPAddress>();
        var networks = new List<System.Net.IPNetwork>();
        foreach (var entry in entries.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim()))
        {
            if (entry.Contains('/') && System.Net.IPNetwork.TryParse(entry, out var network)) networks.Add(network);
            else if (IPAddress.TryParse(entry, out var address)) proxies.Add(address);
            else throw new InvalidOperationException($"{Section}: '{entry}' is neither an IP address nor a CIDR network.");
        }
        if (proxies.Count == 0 && networks.Count == 0) return;
        builder.Services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies: the framework's defaults trust loopback.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var p in proxies) o.KnownProxies.Add(p);
            foreach (var n in networks) o.KnownIPNetworks.Add(n);
        });
        builder.Services.AddSingleton(new ForwardedHeadersEnabled());
    }

    public static void UseStoreForwardedHeaders(this WebApplication app)
    {
        if (app.Services.GetService<ForwardedHeadersEnabled>() is not null) app.UseForwardedHeaders();
    }

    private sealed class ForwardedHeadersEnabled;
}
