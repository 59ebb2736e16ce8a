namespace AmazingStore.Web.Catalog;

public static class CatalogModule
{
    public static void AddCatalog(this WebApplicationBuilder builder) { _ = builder; }

    public static void MapCatalog(this WebApplication app) => app.MapCatalogApi();
}
