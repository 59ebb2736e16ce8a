namespace AmazingStore.Web.Hosting;

/// <summary>Demo mode: demo catalog and server-signed initData. On by default in Development, never in Production.</summary>
public static class DemoMode
{
    public static bool IsOn(IConfiguration config, IHostEnvironment env) =>
        !env.IsProduction() && (config.GetValue<bool?>("Store:DemoMode") ?? env.IsDevelopment());
}
