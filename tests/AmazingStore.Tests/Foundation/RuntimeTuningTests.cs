using AmazingStore.Web.Hosting;

namespace AmazingStore.Tests.Foundation;

public sealed class RuntimeTuningTests
{
    [Fact]
    public void Inline_socket_completions_are_switched_on_unless_the_environment_already_decided()
    {
        var before = Environment.GetEnvironmentVariable(RuntimeTuning.InlineSocketCompletions);
        try
        {
            Environment.SetEnvironmentVariable(RuntimeTuning.InlineSocketCompletions, null);
            RuntimeTuning.Apply();
            Assert.Equal("1", Environment.GetEnvironmentVariable(RuntimeTuning.InlineSocketCompletions));

            Environment.SetEnvironmentVariable(RuntimeTuning.InlineSocketCompletions, "0");
            RuntimeTuning.Apply();
            Assert.Equal("0", Environment.GetEnvironmentVariable(RuntimeTuning.InlineSocketCompletions));
        }
        finally
        {
            Environment.SetEnvironmentVariable(RuntimeTuning.InlineSocketCompletions, before);
        }
    }

    [Fact]
    public void The_published_store_runs_workstation_gc()
    {
        // The runtime config ships beside the store's assembly; tests load that same assembly.
        var config = Path.ChangeExtension(typeof(RuntimeTuning).Assembly.Location, ".runtimeconfig.json");
        Assert.True(File.Exists(config), config);
        Assert.Contains("\"System.GC.Server\": false", File.ReadAllText(config));
    }
}
