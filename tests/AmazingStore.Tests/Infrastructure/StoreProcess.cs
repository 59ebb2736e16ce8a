using System.Diagnostics;
using System.Runtime.InteropServices;
using AmazingStore.Data.Hosting;

namespace AmazingStore.Tests.Infrastructure;

/// <summary>
/// The host as a separate OS process (the built AmazingStore.Web.dll next to the tests), for what an
/// in-process host cannot show: being killed with SIGKILL mid-work and started again.
/// </summary>
public sealed class StoreProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private StoreProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public int Port { get; }
    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");
    public HttpClient Client { get; }
    public IReadOnlyList<string> Output { get { lock (_output) return _output.ToList(); } }

    public static async Task<StoreProcess> StartAsync(string connectionString, IDictionary<string, string?>? settings = null, int port = 0)
    {
        port = port > 0 ? port : EmbeddedPostgres.FreePort();
        var dll = Path.Combine(AppContext.BaseDirectory, "AmazingStore.Web.dll");
        var psi = new ProcessStartInfo("dotnet", [dll]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var env = new Dictionary<string, string?>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["Urls"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings:Store"] = connectionString,
            ["Telegram:BotToken"] = StoreHost.BotToken,
            ["Telegram:ApiBaseUrl"] = "http://127.0.0.1:9",
            ["Telegram:PollingEnabled"] = "false",
            ["Marketplaces:AllowedApiHosts:0"] = "127.0.0.1",
            ["DataProtection:KeyFile"] = StoreHost.KeyRingFile,
            ["Serilog:MinimumLevel:Default"] = "Warning",
        };
        if (settings is not null) foreach (var (k, v) in settings) env[k] = v;
        foreach (var (k, v) in env) psi.Environment[k.Replace(":", "__")] = v ?? "";
        var process = Process.Start(psi)!;
        var store = new StoreProcess(process, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (store._output) store._output.Add(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (store._output) store._output.Add(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await store.WaitReadyAsync(TimeSpan.FromSeconds(60));
        return store;
    }

    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The host exited ({_process.ExitCode}):\n{string.Join('\n', Output.TakeLast(30))}");
            try
            {
                using var reply = await Client.GetAsync("/health/ready");
                if (reply.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            await Task.Delay(50);
        }
        throw new TimeoutException($"The host was not ready within {timeout}:\n{string.Join('\n', Output.TakeLast(30))}");
    }

    /// <summary>SIGKILL: no shutdown code runs, exactly like a crash or an OOM kill.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        ProcessSignals.Send(_process.Id, ProcessSignals.SIGKILL);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await ProcessSignals.StopAsync(_process, TimeSpan.FromSeconds(20));
        _process.Dispose();
    }
}
