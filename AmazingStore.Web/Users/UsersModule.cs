namespace AmazingStore.Web.Users;

public static class UsersModule
{
    public static void MapUsers(this WebApplication app) => app.MapUsersApi();
}
