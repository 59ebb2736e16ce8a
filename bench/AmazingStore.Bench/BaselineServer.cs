using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AmazingStore.Bench;

/// <summary>
/// The ceiling for an HTTP JSON reply on this machine: bare Kestrel writing a constant body of the
/// same size as the measured reply. Runs as its own process, like the store.
/// </summary>
public static class BaselineServer
{
    public static async Task RunAsync(int port, string bodyFile)
    {
        var body = await File.ReadAllBytesAsync(bodyFile);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        app.Run(async http =>
        {
            http.Response.ContentType = "application/json; charset=utf-8";
            http.Response.ContentLength = body.Length;
            await http.Response.Body.WriteAsync(body);
        });
        await app.RunAsync();
    }
}
