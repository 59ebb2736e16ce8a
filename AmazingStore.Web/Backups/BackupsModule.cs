namespace AmazingStore.Web.Backups;

public static class BackupsModule
{
    /// <param name="embedded">The store runs its own server: every order lives in one local folder, so backups default on.</param>
    public static void AddBackups(this WebApplicationBuilder builder, bool embedded)
    {
        var section = builder.Configuration.GetSection("Backup");
        builder.Services.Configure<BackupOptions>(section);
        var on = section.Get<BackupOptions>()?.Enabled ?? embedded;
        builder.Services.AddSingleton(new BackupSwitch(on));
        builder.Services.AddSingleton<BackupRunner>();
        if (on) builder.Services.AddHostedService<BackupScheduler>();
    }
}
