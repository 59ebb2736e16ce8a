using AmazingStore.Bot.Commands;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;
using Npgsql;

namespace AmazingStore.Web.Jobs;

/// <summary>
/// Hangfire on the store's PostgreSQL (schema "hangfire") and its dashboard at /hangfire for admins.
/// Storage, activator and clients are this host's own services: Hangfire's static defaults
/// (JobStorage.Current, JobActivator.Current) would make one host run jobs with another host's
/// services when several share a process (tests); logging goes through <see cref="LiveHostsLogProvider"/>.
/// </summary>
public static class JobsModule
{
    public static void AddJobs(this WebApplicationBuilder builder, bool runServer, Action<BackgroundJobServerOptions> server)
    {
        var services = builder.Services;
        services.Configure<JobsOptions>(builder.Configuration.GetSection("Jobs"));
        services.AddSingleton<JobStorage>(sp => new PostgreSqlStorage(
            new DataSourceConnectionFactory(sp.GetRequiredService<NpgsqlDataSource>()),
            new PostgreSqlStorageOptions
            {
                SchemaName = sp.GetRequiredService<IOptions<JobsOptions>>().Value.Schema,
                PrepareSchemaIfNecessary = false, // HangfireStorageLifetime
                // Enqueueing NOTIFYs: idle workers on every instance wake at once instead of polling.
                EnableLongPolling = true,
                // A run longer than the invisibility timeout is not handed to a second worker while it runs.
                UseSlidingInvisibilityTimeout = true,
            }));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(c => c
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(LiveHostsLogProvider.Instance));
        services.AddHostedService<HangfireStorageLifetime>();
        // Marketplaces:SchedulerEnabled=false: this instance only enqueues; others (or none) run the jobs.
        if (runServer) services.AddHangfireServer(server);

        services.AddAuthentication().AddCookie(DashboardSession.Scheme, DashboardSession.Configure);
        services.AddSingleton<DashboardLinks>();
        services.AddSingleton<IJobDashboardLinks>(sp => sp.GetRequiredService<DashboardLinks>());
    }

    public static void MapJobs(this WebApplication app)
    {
        app.MapDashboardSessionApi();
        app.MapHangfireDashboard(DashboardSession.Path, new DashboardOptions
        {
            // Only the session cookie (or an admin's initData) opens it, in every environment; the
            // default local-requests filter is replaced, not added to.
            Authorization = [],
            AsyncAuthorization = [new DashboardAuthorization()],
            AppPath = "/",
            DashboardTitle = "Amazing Store jobs",
            DisplayStorageConnectionString = false,
        });
    }
}
