namespace AmazingStore.Web.Images;

public static class ImagesModule
{
    public static void AddImages(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<ImagesOptions>(builder.Configuration.GetSection("Images"));
        builder.Services.AddTransient<UnusedImagesJob>();
        builder.Services.AddHostedService<UnusedImagesSchedule>();
    }
}
