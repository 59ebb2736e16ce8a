namespace AmazingStore.Web.Cart;

public static class CartModule
{
    public static void MapCart(this WebApplication app) => app.MapCartApi();
}
