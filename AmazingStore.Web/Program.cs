using AmazingStore.Web.Backups;
using AmazingStore.Web.Hosting;

try
{
    if (args.Contains(RestoreCommand.Flag)) return await RestoreCommand.RunAsync(args);
    await using var app = await StoreApp.CreateAsync(args);
    await app.RunAsync();
}
catch (Exception e) when (e is not OperationCanceledException)
{
    // A seller starting the store wants to know what to do, not read a stack trace.
    Console.Error.WriteLine("Amazing Store could not start: " + StartupFailure.Describe(e));
    return 1;
}
return 0;

/// <summary>Marker for test hosts and tools that need the entry assembly.</summary>
public partial class Program;
