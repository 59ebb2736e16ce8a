namespace AmazingStore.Web.Catalog;

public static class CatalogModule
{
    public static void AddCatalog(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<CatalogOptions>(builder.Configuration.GetSection("Catalog"));
        builder.Services.AddSingleton<CatalogCache>();
        builder.Services.AddSingleton<ProductViews>();
        builder.Services.AddHostedService<ProductViewFlusher>();
    }

    public static void MapCatalog(this WebApplication app) => app.MapCatalogApi();
}
