using AmazingStore.Data.Reports;

namespace AmazingStore.Web.Reports;

public static class ReportsModule
{
    public static void AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<SalesRollup>();
        builder.Services.AddSingleton<SalesReports>();
        builder.Services.AddSingleton<LowStockSettings>();
        builder.Services.AddHostedService<LowStockDefaultWriter>();
        builder.Services.Configure<ReportsOptions>(builder.Configuration.GetSection("Reports"));
        builder.Services.AddTransient<OwnerDigestJob>();
        builder.Services.AddHostedService<OwnerDigestSchedule>();
        builder.Services.AddTransient<SalesRollupJob>();
        builder.Services.AddHostedService<SalesRollupSchedule>();
    }

    public static void MapReports(this WebApplication app) => app.MapReportsApi();
}
