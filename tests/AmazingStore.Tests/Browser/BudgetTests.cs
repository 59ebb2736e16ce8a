namespace AmazingStore.Tests.Browser;

/// <summary>
/// Small and fast: what a customer's Mini App loads (every JS and CSS file but the admin screens, which load on
/// demand) stays under 100 KB uncompressed; the admin screens, opened by the owner alone, under 80 KB more.
/// </summary>
public sealed class BudgetTests
{
    private static readonly string Wwwroot = Path.Combine(Store.RepoRoot, "wwwroot");

    private static List<string> Files() => Directory.EnumerateFiles(Wwwroot, "*.js", SearchOption.AllDirectories)
        .Concat(Directory.EnumerateFiles(Wwwroot, "*.css", SearchOption.AllDirectories)).ToList();

    /// <summary>admin.js, admin-*.js and what only they import (the chart module).</summary>
    private static bool AdminOnly(string file) => Path.GetFileName(file) is var name
        && (name == "admin.js" || name.StartsWith("admin-", StringComparison.Ordinal) || name == "charts.js");

    [Fact]
    public void What_a_customer_loads_is_under_100_KB()
    {
        var files = Files().Where(f => !AdminOnly(f)).ToList();
        Assert.Contains(files, f => f.EndsWith(Path.Combine("js", "app.js"), StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("app.css", StringComparison.Ordinal));
        var total = files.Sum(f => new FileInfo(f).Length);
        Assert.True(total < 100 * 1024, $"JS+CSS a customer loads is {total} bytes in {files.Count} files; the budget is 102400");
    }

    [Fact]
    public void The_admin_screens_load_on_demand_and_stay_under_80_KB()
    {
        var admin = Files().Where(AdminOnly).ToList();
        Assert.Contains(admin, f => f.EndsWith(Path.Combine("views", "admin.js"), StringComparison.Ordinal));
        var total = admin.Sum(f => new FileInfo(f).Length);
        Assert.True(total < 80 * 1024, $"the admin screens are {total} bytes in {admin.Count} files; the budget is 81920");
        // Only a dynamic import brings them in: no customer-side module names them statically.
        foreach (var file in Files().Where(f => !AdminOnly(f) && f.EndsWith(".js", StringComparison.Ordinal)))
            Assert.DoesNotMatch(@"(?m)^\s*import\s[^;]*['""][^'""]*(views/admin|/charts)\.js['""]", File.ReadAllText(file).Replace("\r", ""));
    }
}
