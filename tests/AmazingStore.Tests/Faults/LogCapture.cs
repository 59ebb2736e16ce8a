using System.Collections.Concurrent;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;

namespace AmazingStore.Tests.Faults;

/// <summary>
/// A Serilog sink the host's own logging configuration can name ("WriteTo": "Capture" with a key), so a
/// test sees every rendered log line (exceptions included) of its host, through the real logging path.
/// </summary>
public static class LogCapture
{
    private static readonly ConcurrentDictionary<string, ConcurrentQueue<string>> Lines = new();

    /// <summary>Settings that add the sink (and log from Debug up) to a host; read the lines with <see cref="Of"/>.</summary>
    public static (string Key, Dictionary<string, string?> Settings) Settings()
    {
        var key = Guid.NewGuid().ToString("N");
        Lines[key] = new();
        return (key, new Dictionary<string, string?>
        {
            ["Serilog:Using:1"] = "AmazingStore.Tests",
            ["Serilog:WriteTo:1:Name"] = "Capture",
            ["Serilog:WriteTo:1:Args:key"] = key,
            ["Serilog:MinimumLevel:Default"] = "Debug",
            ["Serilog:MinimumLevel:Override:Microsoft.AspNetCore"] = "Debug",
            ["Serilog:MinimumLevel:Override:Microsoft.EntityFrameworkCore"] = "Information",
            ["Serilog:MinimumLevel:Override:Npgsql"] = "Information",
        });
    }

    public static IReadOnlyList<string> Of(string key) => Lines.TryGetValue(key, out var q) ? q.ToList() : [];

    public static LoggerConfiguration Capture(this LoggerSinkConfiguration to, string key) => to.Sink(new Sink(key));

    private sealed class Sink(string key) : ILogEventSink
    {
        public void Emit(LogEvent e)
        {
            var props = string.Join(" ", e.Properties.Select(p => $"{p.Key}={p.Value}"));
            Lines.GetOrAdd(key, _ => new()).Enqueue($"{e.Level} {e.RenderMessage()} {props} {e.Exception}");
        }
    }
}
