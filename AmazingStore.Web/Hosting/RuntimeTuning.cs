namespace AmazingStore.Web.Hosting;

/// <summary>
/// Runtime settings the store ships with, chosen by the checkout benchmark on a 2-core machine that
/// the host shares with PostgreSQL (bench/README in the main README). An operator's own environment
/// variable always wins.
/// </summary>
public static class RuntimeTuning
{
    public const string InlineSocketCompletions = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Must run before the first socket is used: the runtime reads the variable once.</summary>
    public static void Apply()
    {
        // Socket completions run on the event thread instead of hopping to the thread pool: a checkout
        // is ~12 small socket exchanges (HTTP and PostgreSQL), and each hop was a context switch on a
        // saturated 2-core box. The price: a continuation that blocks stalls its event thread, so the
        // code stays async all the way and CPU-heavy background work yields to the pool first.
        if (Environment.GetEnvironmentVariable(InlineSocketCompletions) is null)
            Environment.SetEnvironmentVariable(InlineSocketCompletions, "1");
    }
}
