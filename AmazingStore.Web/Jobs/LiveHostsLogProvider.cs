using Hangfire.Logging;
using MelLogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace AmazingStore.Web.Jobs;

/// <summary>
/// Hangfire's logging is one static provider per process. AddHangfire points it at the logger factory of
/// the host that configured Hangfire last; when that host stops, its disposed factory throws on every later
/// call and Hangfire's workers in the other hosts stall between fetching a job and starting it (seen with
/// two test hosts in one process). This provider writes through the factory of a host that is still running.
/// </summary>
public sealed class LiveHostsLogProvider : ILogProvider
{
    public static readonly LiveHostsLogProvider Instance = new();
    private readonly Lock _gate = new();
    private ILoggerFactory[] _live = [];

    private LiveHostsLogProvider() { }

    /// <summary>Until the returned handle is disposed, Hangfire may log through <paramref name="factory"/>.</summary>
    public IDisposable Register(ILoggerFactory factory)
    {
        lock (_gate) _live = [.. _live, factory];
        return new Registration(this, factory);
    }

    public ILog GetLogger(string name) => new HostLog(this, name);

    private ILoggerFactory? Current()
    {
        var live = _live;
        return live.Length == 0 ? null : live[^1];
    }

    private sealed class Registration(LiveHostsLogProvider provider, ILoggerFactory factory) : IDisposable
    {
        public void Dispose()
        {
            lock (provider._gate) provider._live = provider._live.Where(f => !ReferenceEquals(f, factory)).ToArray();
        }
    }

    private sealed class HostLog(LiveHostsLogProvider provider, string name) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            if (provider.Current() is not { } factory) return false;
            var level = logLevel switch
            {
                Hangfire.Logging.LogLevel.Trace => MelLogLevel.Trace,
                Hangfire.Logging.LogLevel.Debug => MelLogLevel.Debug,
                Hangfire.Logging.LogLevel.Info => MelLogLevel.Information,
                Hangfire.Logging.LogLevel.Warn => MelLogLevel.Warning,
                Hangfire.Logging.LogLevel.Error => MelLogLevel.Error,
                _ => MelLogLevel.Critical,
            };
            try
            {
                var logger = factory.CreateLogger(name);
                if (messageFunc is null) return logger.IsEnabled(level);
                if (!logger.IsEnabled(level)) return false;
                logger.Log(level, 0, exception, "{Message}", messageFunc());
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false; // that host stopped between the two lines above
            }
        }
    }
}
