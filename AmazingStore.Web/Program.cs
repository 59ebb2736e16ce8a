using AmazingStore.Web.Hosting;

await using var app = await StoreApp.CreateAsync(args);
await app.RunAsync();

/// <summary>Marker for test hosts and tools that need the entry assembly.</summary>
public partial class Program;
