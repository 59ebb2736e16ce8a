using System.Diagnostics;

namespace AmazingStore.Bench;

/// <summary>
/// Profiling aid (`bench.sh --compare "name:K=V,K=V|name2:..."`): the checkout load against the store started
/// with each configuration in turn, on one loaded database, reporting orders/s and the store's own CPU time
/// per order. CPU per order is the figure to argue from on a shared, noisy machine: throughput moves with
/// whatever else runs, the work the store does per order much less.
/// </summary>
public static class CheckoutCompare
{
    public static async Task<int> RunAsync(string spec, IDictionary<string, string> baseEnv, Func<IDictionary<string, string>, Task<ChildProcess>> start,
        string storeUrl, string botToken, int rounds, int postmasterPid, Npgsql.NpgsqlDataSource db, Action<string> log)
    {
        var configs = spec.Split('|', StringSplitOptions.RemoveEmptyEntries).Select(Parse).ToList();
        var rows = new List<string>();
        long nextUser = 9_100_000_000L;
        for (var round = 1; round <= rounds; round++)
            foreach (var (name, settings) in configs)
            {
                var env = new Dictionary<string, string>(baseEnv);
                foreach (var (k, v) in settings) env[k] = v;
                await using var store = await start(env);
                await Task.Delay(TimeSpan.FromSeconds(3));
                var idle = store.Memory().RssMb;
                // Warm-up (JIT tiering), then the measured window; fresh customers each time so open-order caps do not bite.
                await CheckoutLoad.RunAsync(storeUrl, botToken, 32, TimeSpan.FromSeconds(40), ScaleData.Products, nextUser); nextUser += 1000;
                await ResetStatementsAsync(db);
                var cpu0 = CpuSeconds(store.Pid);
                var pg0 = ServerCpuSeconds(postmasterPid);
                var r = await CheckoutLoad.RunAsync(storeUrl, botToken, 32, TimeSpan.FromSeconds(20), ScaleData.Products, nextUser); nextUser += 1000;
                var cpu = CpuSeconds(store.Pid) - cpu0;
                var pgCpu = ServerCpuSeconds(postmasterPid) - pg0;
                var orders = Math.Max(1, r.Orders);
                var row = $"| {round} | {name} | {r.OrdersPerSecond:0} | {cpu * 1000 / orders:0.00} | {pgCpu * 1000 / orders:0.00} | {r.P99Ms:0} | {r.Errors + r.Rejected} | {idle:0} |";
                await PrintStatementsAsync(db, orders, log);
                log(row);
                rows.Add(row);
            }
        Console.WriteLine("| round | config | orders/s | store CPU ms/order | PostgreSQL CPU ms/order | p99 ms | errors+rejected | idle RSS MB |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach (var row in rows) Console.WriteLine(row);
        return 0;
    }

    private static (string Name, List<(string, string)> Settings) Parse(string config)
    {
        var parts = config.Split(':', 2);
        var settings = parts.Length < 2 ? [] : parts[1].Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).Where(kv => kv.Length == 2).Select(kv => (kv[0].Trim(), kv[1])).ToList();
        return (parts[0], settings);
    }

    /// <summary>Every server process's CPU (the postmaster and its children, the backends).</summary>
    private static double ServerCpuSeconds(int postmasterPid)
    {
        double total = 0;
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (pid == postmasterPid || int.Parse(fields[1]) == postmasterPid)
                    total += (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
            }
            catch (IOException) { } // exited meanwhile
        }
        return total;
    }

    private static async Task ResetStatementsAsync(Npgsql.NpgsqlDataSource db)
    {
        if (Environment.GetEnvironmentVariable("BENCH_PG_STATS") != "1") return;
        await using var cmd = db.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()");
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>With BENCH_PG_STATS=1: the statements of the measured window, per order, most time first.</summary>
    private static async Task PrintStatementsAsync(Npgsql.NpgsqlDataSource db, int orders, Action<string> log)
    {
        if (Environment.GetEnvironmentVariable("BENCH_PG_STATS") != "1") return;
        await using var cmd = db.CreateCommand("""
            SELECT calls, total_exec_time, total_plan_time, left(regexp_replace(query, '\s+', ' ', 'g'), 140)
            FROM pg_stat_statements ORDER BY total_exec_time + total_plan_time DESC LIMIT 25
            """);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            log($"    {r.GetInt64(0) / (double)orders,6:0.00}/order {(r.GetDouble(1) + r.GetDouble(2)) / orders,6:0.000} ms/order  {r.GetString(3)}");
    }

    /// <summary>utime + stime of a process, from /proc (clock ticks of 1/100 s on Linux).</summary>
    private static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11]) + long.Parse(fields[12])) / 100.0;
    }
}
