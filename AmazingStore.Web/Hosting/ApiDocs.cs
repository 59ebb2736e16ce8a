using AmazingStore.Web.Auth;
using Microsoft.AspNetCore.OpenApi;

namespace AmazingStore.Web.Hosting;

/// <summary>
/// The OpenAPI document and the Swagger UI. The document lists every admin route, so in Production it is off
/// unless <c>OpenApi:Enabled</c> turns it on, and then only an admin's initData fetches it (the UI, a page that
/// cannot send that header, stays off in Production). Elsewhere both are open, as before. The document's
/// <c>servers</c> never come from the request's Host header (a client could make it name any host): it lists
/// <c>OpenApi:ServerUrl</c> when set, else none, which tells clients to use the address they fetched it from.
/// </summary>
public static class ApiDocs
{
    private static bool Enabled(IConfiguration config, IHostEnvironment env) => config.GetValue<bool?>("OpenApi:Enabled") ?? !env.IsProduction();

    public static void AddStoreApiDocs(this WebApplicationBuilder builder)
    {
        var serverUrl = builder.Configuration["OpenApi:ServerUrl"];
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Servers = [];
            if (!string.IsNullOrWhiteSpace(serverUrl)) document.Servers.Add(new() { Url = serverUrl });
            return Task.CompletedTask;
        }));
    }

    public static void UseStoreApiDocsUi(this WebApplication app)
    {
        if (!Enabled(app.Configuration, app.Environment) || app.Environment.IsProduction()) return;
        // Only under its own path: the Swagger UI's path regex alone was a few per cent of a catalog request's CPU.
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/swagger"),
            docs => docs.UseSwaggerUI(o => { o.SwaggerEndpoint("/openapi/v1.json", "Amazing Store v1"); o.RoutePrefix = "swagger"; }));
    }

    public static void MapStoreApiDocs(this WebApplication app)
    {
        if (!Enabled(app.Configuration, app.Environment)) return;
        var document = app.MapOpenApi();
        if (app.Environment.IsProduction()) document.RequireAuthorization(CustomerAuth.AdminPolicy);
    }
}
