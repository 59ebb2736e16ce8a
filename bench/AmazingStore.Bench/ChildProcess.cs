using AmazingStore.Data.Hosting;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AmazingStore.Bench;

/// <summary>A server process of the benchmark (the store or the baseline), with its memory figures.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ChildProcess(Process process) => _process = process;

    public int Pid => _process.Id;

    public static ChildProcess Start(string file, IEnumerable<string> args, IDictionary<string, string> env, string logFile)
    {
        var psi = new ProcessStartInfo(file, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Directory.GetCurrentDirectory(),
        };
        foreach (var (k, v) in env) psi.Environment[k] = v;
        var p = Process.Start(psi)!;
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        p.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        p.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        p.BeginOutputReadLine();
        p.BeginErrorReadLine();
        return new ChildProcess(p);
    }

    /// <summary>Resident set size now and its high-water mark, in MB, from /proc.</summary>
    public (double RssMb, double PeakMb) Memory()
    {
        double Read(string key)
        {
            var line = File.ReadLines($"/proc/{Pid}/status").FirstOrDefault(l => l.StartsWith(key + ":"));
            return line is null ? double.NaN : double.Parse(line.Split(':')[1].Trim().Split(' ')[0]) / 1024.0;
        }
        return (Read("VmRSS"), Read("VmHWM"));
    }

    public static async Task WaitForHttpAsync(string url, TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try { if ((await http.GetAsync(url)).IsSuccessStatusCode) return; }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(25);
        }
        throw new TimeoutException($"{url} did not answer within {timeout}");
    }

    /// <summary>Graceful stop (SIGTERM), then kill after a grace period.</summary>
    public async ValueTask DisposeAsync()
    {
        await ProcessSignals.StopAsync(_process, TimeSpan.FromSeconds(20));
        _process.Dispose();
    }
}
