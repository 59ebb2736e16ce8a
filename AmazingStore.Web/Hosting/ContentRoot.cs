namespace AmazingStore.Web.Hosting;

/// <summary>
/// The repository root holds appsettings.json, wwwroot and .data (design card). In a checkout we
/// find it above the build output; a published copy uses its own folder.
/// </summary>
public static class ContentRoot
{
    public static string Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "AmazingStore.sln")))
                return dir.FullName;
        return AppContext.BaseDirectory;
    }
}
