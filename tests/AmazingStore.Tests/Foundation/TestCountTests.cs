using System.Diagnostics;

namespace AmazingStore.Tests.Foundation;

/// <summary>The README's test command counts anything that did not pass as failed.</summary>
public sealed class TestCountTests
{
    private static string Repo()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "tests", "count-trx.sh"))) return dir.FullName;
        throw new InvalidOperationException("tests/count-trx.sh not found above " + AppContext.BaseDirectory);
    }

    private static async Task<string[]> CountAsync(string trx, int status)
    {
        var repo = Repo();
        var start = new ProcessStartInfo("bash", [Path.Combine(repo, "tests", "count-trx.sh"), trx, status.ToString()]) { RedirectStandardOutput = true };
        using var p = Process.Start(start)!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    private static string Fixture => Path.Combine(Repo(), "tests", "AmazingStore.Tests", "Foundation", "Fixtures", "mixed-outcomes.trx");

    [Fact]
    public async Task Errors_timeouts_tests_not_run_and_tests_without_a_result_count_as_failed_and_each_is_named()
    {
        var lines = await CountAsync(Fixture, 1);
        Assert.Equal("1 passed, 5 failed, 0 skipped", lines[^1]);
        Assert.Contains("FAILED Fixture.Fails [Failed]: expected 1 got 2", lines);
        Assert.Contains("FAILED Fixture.Errors [Error]: fixture threw", lines);
        Assert.Contains(lines, l => l.StartsWith("FAILED Fixture.TimesOut [Timeout]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("FAILED Fixture.NotRun [NotExecuted]", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("FAILED Fixture.HostDied [no result", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Fixture.Passes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_run_that_failed_without_results_never_says_zero_failed()
    {
        Assert.Equal("0 passed, 1 failed, 0 skipped", (await CountAsync(Path.Combine(Path.GetTempPath(), "no-such-run.trx"), 1))[^1]);
        // Every test passed but the run itself exited non-zero (the host crashed after the last result).
        var passedOnly = Path.Combine(Path.GetTempPath(), $"passed-only-{Guid.NewGuid():N}.trx");
        await File.WriteAllTextAsync(passedOnly, """
            <TestRun><Results><UnitTestResult testId="a" testName="Only.Passes" outcome="Passed" /></Results>
            <TestDefinitions><UnitTest name="Only.Passes" storage="f.dll" id="a" /></TestDefinitions></TestRun>
            """);
        try
        {
            Assert.Equal("1 passed, 0 failed, 0 skipped", (await CountAsync(passedOnly, 0))[^1]);
            var crashed = await CountAsync(passedOnly, 134);
            Assert.Equal("1 passed, 1 failed, 0 skipped", crashed[^1]);
            Assert.StartsWith("FAILED the test run: it exited with status 134", crashed[0]);
        }
        finally { File.Delete(passedOnly); }
    }
}
