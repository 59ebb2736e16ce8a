namespace AmazingStore.Tests.Browser;

/// <summary>Small and fast: all the Mini App's JS and CSS together stay under 100 KB uncompressed.</summary>
public sealed class BudgetTests
{
    [Fact]
    public void Javascript_and_css_together_are_under_100_KB()
    {
        var wwwroot = Path.Combine(Store.RepoRoot, "wwwroot");
        var files = Directory.EnumerateFiles(wwwroot, "*.js", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(wwwroot, "*.css", SearchOption.AllDirectories)).ToList();
        Assert.Contains(files, f => f.EndsWith(Path.Combine("js", "app.js"), StringComparison.Ordinal));
        Assert.Contains(files, f => f.EndsWith("app.css", StringComparison.Ordinal));
        var total = files.Sum(f => new FileInfo(f).Length);
        Assert.True(total < 100 * 1024, $"JS+CSS is {total} bytes in {files.Count} files; the budget is 102400");
    }
}
