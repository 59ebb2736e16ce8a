using System.Diagnostics;
using System.Net.Http.Json;
using AmazingStore.Bench;
using AmazingStore.Data.Hosting;
using AmazingStore.Data.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

// Child mode: the bare-Kestrel baseline server.
if (args is ["--baseline-server", var portArg, var bodyFile])
{
    await BaselineServer.RunAsync(int.Parse(portArg), bodyFile);
    return 0;
}

// Profiling aid: only the checkout load, against a store that is already running.
if (args is ["--checkout-only", var url, var secondsArg])
{
    var only = await CheckoutLoad.RunAsync(url, "7000000002:BENCH_token_not_a_real_one", 32, TimeSpan.FromSeconds(int.Parse(secondsArg)), ScaleData.Products, 9_000_000_101L);
    Console.WriteLine($"{only.OrdersPerSecond:0.0} orders/s, p50 {only.P50Ms:0} ms, p99 {only.P99Ms:0} ms, {only.Orders} orders, {only.Rejected} rejected, {only.Errors} errors");
    return 0;
}

var quick = args.Contains("--quick");
// --import-only: a fresh database and store, and only the catalog import scenario (no scale data, no load).
var importOnly = args.Contains("--import-only");
var seconds = quick ? 3 : 10;
var root = Directory.GetCurrentDirectory();
var work = Path.Combine(root, "bench", ".data");
var results = Path.Combine(root, "bench", "results");
var webDll = Path.Combine(root, "AmazingStore.Web", "bin", "publish", "AmazingStore.Web.dll");
var benchDll = typeof(Report).Assembly.Location;
const string botToken = "7000000002:BENCH_token_not_a_real_one";
const long AdminId = 8_000_000_001;
if (!File.Exists(webDll)) { Console.Error.WriteLine($"Publish the host first (bench.sh does): {webDll} is missing"); return 2; }

void Log(string s) => Console.WriteLine($"{DateTime.Now:HH:mm:ss} {s}");
var scenarios = new List<Scenario>();
var total = Stopwatch.StartNew();

if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
Directory.CreateDirectory(work);
Log("Starting a fresh PostgreSQL for the run");
var pg = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(work, "pg"), MaxConnections = 300 }, NullLogger.Instance);
if (Environment.GetEnvironmentVariable("BENCH_PG_STATS") == "1")
{
    // Profiling: statement counts and times per order need the library loaded at server start.
    await using (var sys = NpgsqlDataSource.Create(pg.ConnectionString("postgres")))
    await using (var set = sys.CreateCommand("ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'"))
        await set.ExecuteNonQueryAsync();
    await pg.DisposeAsync();
    pg = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions { DataDirectory = Path.Combine(work, "pg"), MaxConnections = 300 }, NullLogger.Instance);
}
await using var pgLifetime = pg;
await pg.EnsureDatabaseAsync("store");
await pg.EnsureDatabaseAsync("pgbench");
var cs = pg.ConnectionString("store");
await using var db = NpgsqlDataSource.Create(cs);
await new SchemaMigrator(db, NullLogger<SchemaMigrator>.Instance).MigrateAsync();
var load = Stopwatch.StartNew();
if (!importOnly)
{
    Log("Loading scale data (COPY)");
    await ScaleData.LoadAsync(db, Log);
    await StockPushScenario.MapAllAsync(db);
    Log($"Scale data loaded in {load.Elapsed.TotalSeconds:0.0} s");

    Log("pgbench tables for the checkout's baseline");
    await Pgbench.InitAsync(PostgresBinaries.Locate(null), pg.Port, pg.Password, "pgbench");
}

// The bulk load and pgbench's own tables leave autovacuum and a checkpoint to run for minutes; they
// landed in the first scenarios (and not in their baselines, measured later). Settle them first.
Log("Settling the database after the load (VACUUM ANALYZE, CHECKPOINT)");
foreach (var name in new[] { "store", "pgbench" })
{
    await using var settle = NpgsqlDataSource.Create(pg.ConnectionString(name));
    await using (var vacuum = settle.CreateCommand("VACUUM (ANALYZE)")) { vacuum.CommandTimeout = 600; await vacuum.ExecuteNonQueryAsync(); }
    await using (var checkpoint = settle.CreateCommand("CHECKPOINT")) { checkpoint.CommandTimeout = 600; await checkpoint.ExecuteNonQueryAsync(); }
}

await using var bot = await FakeBotApi.StartAsync();
// --import-only runs beside other benches on a shared machine: a port of its own, never one a full run holds.
var storePort = importOnly ? FreePort() : 5181;
const int baselinePort = 5182;
static int FreePort()
{
    var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
    l.Start();
    var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    l.Stop();
    return port;
}
var storeUrl = $"http://127.0.0.1:{storePort}";
var env = new Dictionary<string, string>
{
    ["ASPNETCORE_ENVIRONMENT"] = "Production",
    // No pool size in the string: the store sizes its pool as it does for a seller (Store:MaxPoolSize caps it;
    // BENCH_POOL sets that cap, to compare pool sizes).
    ["ConnectionStrings__Store"] = pg.ConnectionString("store", maxPoolSize: null),
    ["Store__MaxPoolSize"] = Environment.GetEnvironmentVariable("BENCH_POOL") is { Length: > 0 } pool ? pool : "20",
    ["Store__Instances"] = "1",
    ["Urls"] = storeUrl,
    ["Telegram__BotToken"] = botToken,
    ["Telegram__ApiBaseUrl"] = bot.BaseUrl,
    ["Telegram__OwnerChatId"] = "1",
    ["Telegram__PollingEnabled"] = "false",
    ["Telegram__InitDataMaxAgeSeconds"] = "0",
    ["RateLimits__PermitLimit"] = "1000000",
    // Each bench customer places hundreds of orders a minute that nobody confirms: the hoarding caps and the
    // order rate are not what the checkout scenario measures (0 = no open-order cap, and no count per order).
    ["RateLimits__Orders__PermitLimit"] = "1000000",
    ["Orders__MaxOpenOrdersPerCustomer"] = "0",
    ["Serilog__MinimumLevel__Default"] = "Warning",
    ["Telegram__AdminIds__0"] = AdminId.ToString(),
    ["Marketplaces__CheckWebhookSourceNetwork"] = "false",
    // Card payments on, and the webhook open to the payment scenario's updates.
    ["Payments__ProviderToken"] = "123456789:TEST:bench",
    ["Telegram__WebhookSecret"] = PaymentScenario.WebhookSecret,
    ["Marketplaces__AllowedApiHosts__0"] = "127.0.0.1",
    // --quick shrinks the marketplaces' one-minute rate window on both sides alike.
    ["Marketplaces__RateWindow"] = quick ? "00:00:15" : "00:01:00",
};
// BENCH_STORE_ENV="Key=Value;Key=Value": extra settings for the store, to compare configurations in one go.
foreach (var pair in (Environment.GetEnvironmentVariable("BENCH_STORE_ENV") ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
    if (pair.Split('=', 2) is [var key, var value]) env[key.Trim()] = value;

async Task<(ChildProcess Host, double StartSeconds)> StartStore()
{
    var sw = Stopwatch.StartNew();
    var host = ChildProcess.Start("dotnet", [webDll], env, Path.Combine(work, "store.log"));
    await ChildProcess.WaitForHttpAsync(storeUrl + "/health/ready", TimeSpan.FromSeconds(60));
    return (host, sw.Elapsed.TotalSeconds);
}

// Profiling aid: the checkout under several store configurations on this one loaded database.
if (args is ["--compare", var compareSpec, ..] )
{
    var rounds = args.Length > 2 ? int.Parse(args[2]) : 1;
    return await CheckoutCompare.RunAsync(compareSpec, env, async e =>
    {
        var h = ChildProcess.Start("dotnet", [webDll], e, Path.Combine(work, "store.log"));
        await ChildProcess.WaitForHttpAsync(storeUrl + "/health/ready", TimeSpan.FromSeconds(60));
        return h;
    }, storeUrl, botToken, rounds, int.Parse(File.ReadLines(Path.Combine(pg.DataDirectory, "postmaster.pid")).First()), db, Log);
}

var (store, firstStart) = await StartStore();
Log($"Store up in {firstStart:0.00} s (first start, migrations already applied by the loader)");
await Task.Delay(TimeSpan.FromSeconds(3));
var idle = store.Memory();

if (importOnly)
{
    Log("Scenario: catalog import (only)");
    scenarios.AddRange(await CatalogImportScenario.RunAsync(storeUrl, InitDataForBench.Sign(AdminId, botToken), Log));
    await store.DisposeAsync();
    var onlyMd = Report.Write(Path.Combine(results, "import-only"), scenarios, new()
    {
        ["date"] = DateTime.UtcNow.ToString("u"), ["cores"] = Environment.ProcessorCount,
        ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription, ["duration_s"] = Math.Round(total.Elapsed.TotalSeconds), ["quick"] = quick,
    });
    Console.WriteLine(onlyMd);
    return scenarios.All(s => s.Pass) ? 0 : 1;
}

// --report-only: the scale data and only the sales report scenario, run [rounds] times (medians by hand).
if (args is ["--report-only", ..])
{
    var reportRounds = args.Length > 1 && int.TryParse(args[1], out var n) ? Math.Clamp(n, 1, 10) : 1;
    for (var round = 1; round <= reportRounds; round++)
    {
        var s = await SalesReportScenario.RunAsync(db, storeUrl, InitDataForBench.Sign(AdminId, botToken), work, seconds, quick);
        Log($"round {round}: {s.Name}: " + string.Join(", ", s.Measured.Select(f => $"{f.Key} {f.Value:0.#}")) + (s.Pass ? " PASS" : " MISS"));
    }
    await store.DisposeAsync();
    return 0;
}

using var http = new HttpClient { BaseAddress = new Uri(storeUrl) };
var catalogPath = "/api/products?page=1&limit=20&lang=uz";
var categoryPath = "/api/products?page=1&limit=20&lang=ru&category_id=1&sort=price_asc";
var searchPath = $"/api/products?page=1&limit=20&lang=uz&search={ScaleData.SearchWord}";
var detailLua = Path.Combine(work, "detail.lua");
File.WriteAllText(detailLua, $"math.randomseed(7)\nrequest = function() return wrk.format(\"GET\", \"/api/products/\" .. math.random(1, {ScaleData.Products}) .. \"?lang=uz\") end\n");

async Task<LoadResult> Measure(string url, int connections, string? lua = null)
{
    // Warm-up, not counted: JIT tiering settles and the catalog cache fills (10 000 product pages).
    await Wrk.RunAsync(url, connections, quick ? 3 : 5, lua);
    return await Wrk.RunAsync(url, connections, seconds, lua);
}

async Task<LoadResult> Baseline(string path)
{
    var body = Path.Combine(work, $"body-{Guid.NewGuid():N}.json");
    await File.WriteAllBytesAsync(body, await http.GetByteArrayAsync(path));
    await using var baseline = ChildProcess.Start("dotnet", [benchDll, "--baseline-server", baselinePort.ToString(), body], new Dictionary<string, string>(), Path.Combine(work, "baseline.log"));
    await ChildProcess.WaitForHttpAsync($"http://127.0.0.1:{baselinePort}/", TimeSpan.FromSeconds(30));
    return await Measure($"http://127.0.0.1:{baselinePort}/", 64);
}

Dictionary<string, double> Lat(LoadResult r) => new() { ["req_s"] = r.RequestsPerSecond, ["p50_ms"] = r.P50Ms, ["p90_ms"] = r.P90Ms, ["p99_ms"] = r.P99Ms, ["errors"] = r.Errors };

Log("Scenario: catalog page");
var catalog = await Measure(storeUrl + catalogPath, 64);
var catalogBase = await Baseline(catalogPath);
var ratio = catalog.RequestsPerSecond / catalogBase.RequestsPerSecond;
scenarios.Add(new("catalog page (64 conn)", Lat(catalog), Lat(catalogBase), ratio, "≥ 0.40 × baseline req/s, p99 < 10 ms",
    ratio >= 0.40 && catalog.P99Ms < 10 && catalog.Errors == 0));

Log("Scenario: category + sort page");
var category = await Measure(storeUrl + categoryPath, 64);
var categoryBase = await Baseline(categoryPath);
ratio = category.RequestsPerSecond / categoryBase.RequestsPerSecond;
scenarios.Add(new("category + sort page (64 conn)", Lat(category), Lat(categoryBase), ratio, "≥ 0.35 × baseline req/s", ratio >= 0.35 && category.Errors == 0));

Log("Scenario: search");
var search = await Measure(storeUrl + searchPath, 16);
scenarios.Add(new($"search '{ScaleData.SearchWord}' over {ScaleData.Products:N0} products (16 conn)", Lat(search), null, null, "p99 < 25 ms", search.P99Ms < 25 && search.Errors == 0));

Log("Scenario: product detail");
var detail = await Measure(storeUrl, 64, detailLua);
var detailBase = await Baseline("/api/products/1?lang=uz");
ratio = detail.RequestsPerSecond / detailBase.RequestsPerSecond;
scenarios.Add(new("product detail, random ids (64 conn)", Lat(detail), Lat(detailBase), ratio, "≥ 0.40 × baseline req/s", ratio >= 0.40 && detail.Errors == 0));

Log("Scenario: sales report");
scenarios.Add(await SalesReportScenario.RunAsync(db, storeUrl, InitDataForBench.Sign(AdminId, botToken), work, seconds, quick));

Log("Scenario: owner notification latency");
var paced = await CheckoutLoad.RunPacedAsync(storeUrl, botToken, orders: quick ? 5 : 20, interval: TimeSpan.FromMilliseconds(1200), ScaleData.Products, 9_000_000_001L);
var notify = await NotificationLatency.MeasureAsync(bot, paced, TimeSpan.FromSeconds(10));
scenarios.Add(new("owner notification latency, order → fake Bot API", notify, null, null, "p99 < 1 s", notify["p99_ms"] < 1000 && notify["missing"] == 0));

Log("Scenario: payment → paid and owner told");
var payments = await PaymentScenario.RunAsync(bot, storeUrl, botToken, orders: quick ? 5 : 20, interval: TimeSpan.FromMilliseconds(300), ScaleData.Products, 9_000_200_001L, TimeSpan.FromSeconds(10));
scenarios.Add(new("successful_payment → order paid and owner told", payments, null, null, "p99 < 500 ms",
    payments["p99_ms"] < 500 && payments["missing"] == 0 && payments["failed"] == 0));

Log("Scenario: checkout");
// Warm-up, not counted, as for the wrk scenarios, but longer: on a saturated 2-core machine the order
// path's tiered JIT takes most of a minute to settle (consecutive 15 s windows of one process: the
// host's CPU per order fell from ~5 ms to ~2.5 ms, and the JIT compiled ~2 700 methods between 30 and
// 45 s, ~200 between 45 and 60 s), and a long-running store is measured in its steady state.
await CheckoutLoad.RunAsync(storeUrl, botToken, users: 32, TimeSpan.FromSeconds(quick ? 3 : 60), ScaleData.Products, 9_000_000_101L);
// The baseline right before and right after the measured load, on the settled database: measured
// just after the bulk load (as it was at first) it caught the load's autovacuum and checkpoint, and
// this machine's speed drifts over minutes. The ratio uses the mean of the two.
var pgbenchBefore = await Pgbench.MeasureAsync(PostgresBinaries.Locate(null), pg.Port, pg.Password, "pgbench", 16, seconds);
var checkout = await CheckoutLoad.RunAsync(storeUrl, botToken, users: 32, TimeSpan.FromSeconds(seconds * 2), ScaleData.Products, 9_000_000_101L);
var pgbenchAfter = await Pgbench.MeasureAsync(PostgresBinaries.Locate(null), pg.Port, pg.Password, "pgbench", 16, seconds);
var pgbenchTps = (pgbenchBefore + pgbenchAfter) / 2;
Log($"  pgbench: {pgbenchBefore:0} tps before, {pgbenchAfter:0} after; checkout {checkout.OrdersPerSecond:0} orders/s");
var audit = await StockAudit.RunAsync(db);
ratio = checkout.OrdersPerSecond / pgbenchTps;
scenarios.Add(new("checkout: 32 users, cart of 3 + order",
    new() { ["orders_s"] = checkout.OrdersPerSecond, ["p50_ms"] = checkout.P50Ms, ["p99_ms"] = checkout.P99Ms, ["orders"] = checkout.Orders, ["errors"] = checkout.Errors, ["oversold_units"] = audit.Oversold, ["unreconciled_products"] = audit.Unreconciled },
    new() { ["pgbench_tps"] = pgbenchTps, ["pgbench_before_tps"] = pgbenchBefore, ["pgbench_after_tps"] = pgbenchAfter }, ratio, "≥ 0.15 × pgbench tps; 0 oversold; ledger reconciles",
    ratio >= 0.15 && audit.Oversold == 0 && audit.Unreconciled == 0 && checkout.Errors == 0));

Log("Scenario: stock push to the marketplace fakes");
scenarios.AddRange(await StockPushScenario.RunAsync(db, storeUrl, InitDataForBench.Sign(AdminId, botToken), TimeSpan.FromMinutes(quick ? 0.25 : 1)));

Log("Scenario: catalog import");
scenarios.AddRange(await CatalogImportScenario.RunAsync(storeUrl, InitDataForBench.Sign(AdminId, botToken), Log));

var peak = store.Memory();
scenarios.Add(new("memory (RSS)", new() { ["idle_mb"] = idle.RssMb, ["peak_mb"] = peak.PeakMb }, null, null, "idle < 200 MB, peak < 600 MB",
    idle.RssMb < 200 && peak.PeakMb < 600));

await store.DisposeAsync();
var (restarted, restartSeconds) = await StartStore();
scenarios.Add(new("start-up to /health/ready on an existing database", new() { ["seconds"] = restartSeconds }, null, null, "< 3 s", restartSeconds < 3));
await restarted.DisposeAsync();

var md = Report.Write(results, scenarios, new()
{
    ["date"] = DateTime.UtcNow.ToString("u"),
    ["cores"] = Environment.ProcessorCount,
    ["os"] = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
    ["duration_s"] = Math.Round(total.Elapsed.TotalSeconds),
    ["quick"] = quick,
});
Console.WriteLine();
Console.WriteLine(md);
Log($"Results in bench/results/latest.json, latest.md, latest.svg ({total.Elapsed.TotalMinutes:0.0} min)");
return scenarios.All(s => s.Pass) ? 0 : 1;
