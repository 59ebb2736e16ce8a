using AmazingStore.Web.Auth;
using AmazingStore.Web.CatalogFiles;

namespace AmazingStore.Web.Admin;

/// <summary>The admin API under /api/admin; every endpoint needs an admin (403 for a valid non-admin).</summary>
public static class AdminModule
{
    public static void MapAdmin(this WebApplication app)
    {
        var admin = app.MapGroup("/api/admin").RequireAdmin();
        admin.MapAdminCategories();
        admin.MapAdminProducts();
        admin.MapAdminBanners();
        admin.MapAdminOrders();
        admin.MapAdminUsers();
        admin.MapCatalogFiles();
        admin.MapManualOrders();
    }
}
