using AmazingStore.Data;
using AmazingStore.Data.Hosting;
using AmazingStore.Data.Migrations;
using AmazingStore.Data.Signals;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AmazingStore.Web.Hosting;

public static class DatabaseSetup
{
    /// <summary>
    /// Connects to ConnectionStrings:Store, or, when it is empty, starts the embedded server first.
    /// Registers the data source, the pooled StoreDb, migrations at start-up and LISTEN/NOTIFY.
    /// </summary>
    public static async Task AddStoreDatabaseAsync(this WebApplicationBuilder builder, ILoggerFactory bootLog, CancellationToken ct)
    {
        builder.Services.Configure<StoreOptions>(builder.Configuration.GetSection("Store"));
        var options = builder.Configuration.GetSection("Store").Get<StoreOptions>() ?? new StoreOptions();
        var connectionString = builder.Configuration.GetConnectionString("Store");
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var dataDir = Path.Combine(builder.Environment.ContentRootPath, options.DataDirectory);
            var embedded = await EmbeddedPostgres.StartAsync(new EmbeddedPostgresOptions
            {
                DataDirectory = dataDir,
                BinDirectory = options.PostgresBinDirectory,
                Durable = options.EmbeddedDurable,
            }, bootLog.CreateLogger<EmbeddedPostgres>(), ct);
            try
            {
                await embedded.EnsureDatabaseAsync(options.DatabaseName, ct);
                // The store works as its own role, not the superuser (StoreRole); empty DatabaseRole keeps the superuser.
                if (!string.IsNullOrWhiteSpace(options.DatabaseRole))
                    await StoreRole.EnsureAsync(embedded.ConnectionString("postgres"), options.DatabaseName, options.DatabaseRole, ct);
            }
            catch { await embedded.DisposeAsync(); throw; }
            connectionString = embedded.ConnectionString(options.DatabaseName, maxPoolSize: null,
                username: string.IsNullOrWhiteSpace(options.DatabaseRole) ? null : options.DatabaseRole);
            builder.Services.AddSingleton(embedded);
            // Registered first so that it stops last, after everything that uses the database.
            builder.Services.AddHostedService<EmbeddedPostgresLifetime>();
        }

        var budgeted = await ConnectionBudget.ApplyAsync(connectionString, options, bootLog.CreateLogger(typeof(ConnectionBudget)), ct);
        // Created by the container so that it is disposed with the host: its pooled connections
        // must not outlive it (several hosts share one server in tests).
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(Tuned(budgeted)).Build());
        builder.Services.AddDbContextPool<StoreDb>((sp, o) => o.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
        builder.Services.AddSingleton<SchemaMigrator>();
        builder.Services.AddHostedService<DatabaseStartup>();
        builder.Services.AddSingleton<DbSignals>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DbSignals>());
    }

    /// <summary>
    /// Statements the store runs over and over are prepared on each pooled connection, unless the
    /// connection string says otherwise: planning cost more than executing for most of them
    /// (0.5 ms to plan the cart read, 0.04 ms to run it — pg_stat_statements under the checkout benchmark).
    /// A connection going back to the pool is not reset either (again unless the string says so): the
    /// reset is seven statements (RESET ALL, pg_advisory_unlock_all(), DISCARD SEQUENCES ...) sent
    /// ahead of the next use, about thirty per checkout. Nothing here leaves session state behind:
    /// settings are transaction-local, the two session advisory locks (migrations, marketplace syncs)
    /// are released in a finally block on the same connection, and the listener unlistens before
    /// its connection goes back.
    /// </summary>
    internal static string Tuned(string connectionString)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        // Keywords may be written with or without spaces ("No Reset On Close", "NoResetOnClose").
        var given = connectionString.Replace(" ", "");
        if (cs.MaxAutoPrepare == 0 && !given.Contains("AutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            cs.MaxAutoPrepare = 128;
            cs.AutoPrepareMinUsages = 2;
        }
        if (!given.Contains("ResetOnClose", StringComparison.OrdinalIgnoreCase)) cs.NoResetOnClose = true;
        return cs.ConnectionString;
    }
}
