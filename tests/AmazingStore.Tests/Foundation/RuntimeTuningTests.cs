namespace AmazingStore.Tests.Foundation;

public sealed class RuntimeTuningTests
{
    [Fact]
    public void The_published_store_runs_workstation_gc()
    {
        // The runtime config ships beside the store's assembly; tests load that same assembly.
        var config = Path.ChangeExtension(typeof(AmazingStore.Web.Hosting.StoreApp).Assembly.Location, ".runtimeconfig.json");
        Assert.True(File.Exists(config), config);
        Assert.Contains("\"System.GC.Server\": false", File.ReadAllText(config));
    }
}
