using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AmazingStore.Data.Hosting;

/// <summary>POSIX signals for the processes we start (the embedded server, hosts in tests and benchmarks).</summary>
public static class ProcessSignals
{
    public const int SIGKILL = 9, SIGTERM = 15, SIGINT = 2;

    /// <returns>0 on success, as kill(2).</returns>
    public static int Send(int pid, int signal) => kill(pid, signal);

    /// <summary>Graceful stop: SIGTERM, then a hard kill once <paramref name="grace"/> has passed.</summary>
    public static async Task StopAsync(Process process, TimeSpan grace)
    {
        if (process.HasExited) return;
        Send(process.Id, SIGTERM);
        using var cts = new CancellationTokenSource(grace);
        try { await process.WaitForExitAsync(cts.Token); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
