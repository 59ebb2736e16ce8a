namespace AmazingStore.Web.Users;

public static class UsersModule
{
    public static void AddUsers(this WebApplicationBuilder builder) { _ = builder; }

    public static void MapUsers(this WebApplication app) => app.MapUsersApi();
}
