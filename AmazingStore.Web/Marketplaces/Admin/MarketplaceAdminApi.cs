using System.Text.Json;
using AmazingStore.Data;
using AmazingStore.Data.Marketplaces;
using AmazingStore.Web.Auth;
using AmazingStore.Web.Infrastructure;
using AmazingStore.Web.Marketplaces.Connectors;
using AmazingStore.Web.Marketplaces.Credentials;
using AmazingStore.Web.Marketplaces.Discovery;
using AmazingStore.Web.Marketplaces.Pricing;
using AmazingStore.Web.Marketplaces.Sync;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Web.Marketplaces.Admin;

/// <summary>Admin endpoints for marketplaces: settings and credentials, SKU mapping, on-demand sync, sync logs.</summary>
public static class MarketplaceAdminApi
{
    public static RouteGroupBuilder MapMarketplaceAdminApi(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Admin: marketplaces").RequireAdmin();
        admin.MapGet("/marketplaces", List).WithName("AdminListMarketplaces");
        admin.MapPut("/marketplaces/{slug}", Update).WithName("AdminUpdateMarketplace");
        admin.MapGet("/marketplaces/{slug}/products", ListMappings).WithName("AdminListMarketplaceProducts");
        admin.MapPut("/marketplaces/{slug}/products", PutMappings).WithName("AdminPutMarketplaceProducts");
        admin.MapPost("/marketplaces/{slug}/sync", RequestSync).WithName("AdminSyncMarketplace");
        admin.MapGet("/sync-logs", ListLogs).WithName("AdminListSyncLogs");
        admin.MapMappingDiscovery();
        admin.MapPriceRules();
        return admin;
    }

    private static async Task<Ok<MarketplaceListReply>> List(StoreDb db, CancellationToken ct)
    {
        var rows = await db.Marketplaces.AsNoTracking().OrderBy(m => m.Id).ToListAsync(ct);
        var lastLogs = await db.SyncLogs.AsNoTracking().Include(l => l.Marketplace)
            .Where(l => l.Id == db.SyncLogs.Where(x => x.MarketplaceId == l.MarketplaceId).Max(x => x.Id)).ToListAsync(ct);
        return TypedResults.Ok(new MarketplaceListReply(rows.Select(r => ToReply(r, lastLogs.FirstOrDefault(l => l.MarketplaceId == r.Id))).ToList()));
    }

    private static MarketplaceReply ToReply(Marketplace m, SyncLog? last) => new(
        m.Id, m.Slug, m.Name, m.IntegrationType, m.IsActive, m.AutoSyncEnabled, m.SyncIntervalMinutes, m.ApiBaseUrl,
        m.SafetyBuffer, JsonDocument.Parse(string.IsNullOrWhiteSpace(m.Settings) ? "{}" : m.Settings).RootElement.Clone(),
        !string.IsNullOrEmpty(m.CredentialsEncrypted), m.LastSyncAt, last is null ? null : ToReply(last));

    private static SyncLogReply ToReply(SyncLog l) => new(l.Id, l.Marketplace.Slug, l.SyncType, l.Direction, l.TriggerType, l.Status,
        l.ItemsProcessed, l.ItemsFailed, l.ErrorMessage, l.StartedAt, l.CompletedAt, l.DurationMs, l.ScheduledFor);

    private static async Task<Results<Ok<MarketplaceReply>, ProblemHttpResult>> Update(
        string slug, MarketplaceUpdate body, StoreDb db, CredentialProtector protector, SyncScheduleInstaller schedule, MarketplaceApiHosts hosts, CancellationToken ct)
    {
        var m = await db.Marketplaces.FirstOrDefaultAsync(x => x.Slug == slug, ct);
        if (m is null) return Problems.NotFound("This marketplace");
        var errors = new Dictionary<string, string[]>();
        if (body.SyncIntervalMinutes is <= 0 or > 10080) errors["sync_interval_minutes"] = ["must be between 1 and 10080"];
        if (body.SafetyBuffer is < 0) errors["safety_buffer"] = ["must not be negative"];
        if (body.ApiBaseUrl is { Length: > 0 } url && !(Uri.TryCreate(url, UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
            errors["api_base_url"] = ["must be an absolute http(s) URL"];
        var settings = MergeSettings(m.Settings, body.Settings);
        if (CurrencyError(slug, settings) is { } currencyError) errors["settings." + currencyError.Key] = [currencyError.Message];
        if (errors.Count > 0) return Problems.Validation(errors);
        if (HostErrors(slug, body.ApiBaseUrl, body.Settings, hosts) is { Count: > 0 } hostErrors)
            return Problems.Of(StatusCodes.Status400BadRequest, "api_host_not_allowed", "This API host is not allowed",
                "Only the marketplace's official HTTPS hosts and the hosts in the server's Marketplaces:AllowedApiHosts.", [new("errors", hostErrors)]);

        var pricedBefore = PricingSettings(m.Settings);
        if (body.IsActive is { } active) m.IsActive = active;
        if (body.AutoSyncEnabled is { } auto) m.AutoSyncEnabled = auto;
        if (body.SyncIntervalMinutes is { } interval) m.SyncIntervalMinutes = interval;
        if (body.ApiBaseUrl is not null) m.ApiBaseUrl = body.ApiBaseUrl.Length == 0 ? null : body.ApiBaseUrl;
        if (body.SafetyBuffer is { } buffer) m.SafetyBuffer = buffer;
        if (body.Settings is not null) m.Settings = settings;
        if (body.Credentials is not null)
        {
            var clean = body.Credentials.Where(kv => !string.IsNullOrEmpty(kv.Value)).ToDictionary(kv => kv.Key, kv => kv.Value);
            m.CredentialsEncrypted = clean.Count == 0 ? null : protector.Protect(clean);
        }
        await db.SaveChangesAsync(ct);
        // Another currency or rate changes every price the marketplace should show: the next price run sends them all.
        if (PricingSettings(m.Settings) != pricedBefore) await PricePush.ResendAllAsync(db, m.Id, ct);
        await schedule.InstallAsync(ct);
        return TypedResults.Ok(ToReply(m, null));
    }

    /// <summary>The URLs in the update (api_base_url, settings.*_base_url) that name a host credentials may not go to.</summary>
    private static Dictionary<string, string[]> HostErrors(string slug, string? apiBaseUrl, Dictionary<string, JsonElement>? settings, MarketplaceApiHosts hosts)
    {
        var errors = new Dictionary<string, string[]>();
        const string why = "not an official host of this marketplace nor in Marketplaces:AllowedApiHosts";
        if (apiBaseUrl is { Length: > 0 } && !hosts.IsAllowed(slug, apiBaseUrl)) errors["api_base_url"] = [why];
        foreach (var (key, value) in settings ?? [])
            if (key.EndsWith("_base_url", StringComparison.Ordinal) && value.ValueKind != JsonValueKind.Null
                && !(value.ValueKind == JsonValueKind.String && (string.IsNullOrWhiteSpace(value.GetString()) || hosts.IsAllowed(slug, value.GetString()))))
                errors["settings." + key] = [why];
        return errors;
    }

    /// <summary>Merges a settings patch into the stored JSON: a key set to null is removed, others are replaced.</summary>
    private static string MergeSettings(string stored, Dictionary<string, JsonElement>? patch)
    {
        var merged = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(string.IsNullOrWhiteSpace(stored) ? "{}" : stored) ?? [];
        foreach (var (k, v) in patch ?? [])
            if (v.ValueKind == JsonValueKind.Null) merged.Remove(k); else merged[k] = v;
        return JsonSerializer.Serialize(merged);
    }

    /// <summary>A currency that is set must be one the marketplace takes, with a rate unless it is so'm.</summary>
    private static (string Key, string Message)? CurrencyError(string slug, string settingsJson)
    {
        var settings = MarketplaceContext.ParseSettings(settingsJson);
        if (!settings.TryGetValue(MarketplaceCurrency.CodeSetting, out var code) || string.IsNullOrWhiteSpace(code))
            return settings.ContainsKey(MarketplaceCurrency.RateSetting) && slug != "uzum"
                ? (MarketplaceCurrency.CodeSetting, $"set {MarketplaceCurrency.CodeSetting} together with {MarketplaceCurrency.RateSetting}") : null;
        var error = MarketplaceCurrency.Validate(slug, code.Trim().ToUpperInvariant(), settings.GetValueOrDefault(MarketplaceCurrency.RateSetting));
        return error is null ? null : (error.StartsWith(MarketplaceCurrency.RateSetting, StringComparison.Ordinal) ? MarketplaceCurrency.RateSetting : MarketplaceCurrency.CodeSetting, error);
    }

    private static string PricingSettings(string settingsJson)
    {
        var settings = MarketplaceContext.ParseSettings(settingsJson);
        return settings.GetValueOrDefault(MarketplaceCurrency.CodeSetting) + "|" + settings.GetValueOrDefault(MarketplaceCurrency.RateSetting);
    }

    private static async Task<Results<Ok<MappingListReply>, ProblemHttpResult>> ListMappings(string slug, StoreDb db, CancellationToken ct)
    {
        var m = await db.Marketplaces.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct);
        if (m is null) return Problems.NotFound("This marketplace");
        var items = await db.MarketplaceProducts.AsNoTracking().Where(x => x.MarketplaceId == m.Id).OrderBy(x => x.ProductId)
            .Select(x => new MappingReply(x.Id, x.ProductId, x.Product.Sku, x.Product.NameUz, x.MarketplaceProductId, x.MarketplaceSku,
                x.Barcode, x.WarehouseId, x.IsActive, x.LastPushedStock, x.LastPushedPrice, x.LastPushedSalePrice, x.SyncStatus, x.SyncError, x.LastSyncedAt))
            .ToListAsync(ct);
        return TypedResults.Ok(new MappingListReply(items));
    }

    private static async Task<Results<Ok<MappingListReply>, ProblemHttpResult>> PutMappings(
        string slug, List<MappingUpdate> body, StoreDb db, CancellationToken ct)
    {
        var m = await db.Marketplaces.AsNoTracking().FirstOrDefaultAsync(x => x.Slug == slug, ct);
        if (m is null || !MarketplaceContextLoader.ApiSlugs.Contains(slug)) return Problems.NotFound("This marketplace");
        var errors = new Dictionary<string, string[]>();
        var productIds = body.Select(b => b.ProductId).ToList();
        var known = await db.Products.Where(p => productIds.Contains(p.Id)).Select(p => p.Id).ToListAsync(ct);
        for (var i = 0; i < body.Count; i++)
        {
            var b = body[i];
            if (!known.Contains(b.ProductId)) errors[$"[{i}].product_id"] = ["unknown product"];
            if (string.IsNullOrWhiteSpace(b.MarketplaceProductId)) errors[$"[{i}].marketplace_product_id"] = ["required"];
            if (slug is "wildberries" or "ozon" && string.IsNullOrWhiteSpace(b.MarketplaceSku))
                errors[$"[{i}].marketplace_sku"] = [slug == "wildberries" ? "the chrtId is required" : "the offer_id is required"];
            if (slug is "wildberries" && !long.TryParse(b.MarketplaceProductId, out _)) errors[$"[{i}].marketplace_product_id"] = ["the nmID must be a number"];
            if (slug is "wildberries" && !long.TryParse(b.MarketplaceSku, out _)) errors[$"[{i}].marketplace_sku"] = ["the chrtId must be a number"];
        }
        if (body.Select(b => b.ProductId).Distinct().Count() != body.Count) errors["product_id"] = ["each product at most once"];
        // One marketplace product may carry several SKUs (Uzum SKUs, WB sizes), each its own listing.
        if (body.Select(b => (b.MarketplaceProductId, b.MarketplaceSku)).Distinct().Count() != body.Count)
            errors["marketplace_product_id"] = ["each listing (marketplace_product_id with marketplace_sku) at most once"];
        if (errors.Count > 0) return Problems.Validation(errors);

        var existing = await db.MarketplaceProducts.Where(x => x.MarketplaceId == m.Id).ToListAsync(ct);
        foreach (var b in body)
        {
            var row = existing.FirstOrDefault(x => x.ProductId == b.ProductId);
            if (row is null) db.MarketplaceProducts.Add(row = new MarketplaceProduct { ProductId = b.ProductId, MarketplaceId = m.Id });
            // A changed key means a different listing: what was pushed to the old one says nothing about it.
            if (row.MarketplaceProductId != b.MarketplaceProductId || row.MarketplaceSku != b.MarketplaceSku)
            {
                row.LastPushedStock = null; row.LastPushedPrice = null; row.LastPushedSalePrice = null; row.SyncStatus = null; row.SyncError = null;
            }
            row.MarketplaceProductId = b.MarketplaceProductId!;
            row.MarketplaceSku = b.MarketplaceSku;
            row.Barcode = b.Barcode;
            row.WarehouseId = b.WarehouseId;
            if (b.MarketplaceName is not null) row.MarketplaceName = b.MarketplaceName;
            row.IsActive = b.IsActive ?? true;
        }
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException) { return Problems.Conflict("duplicate_mapping", "This listing (marketplace_product_id with marketplace_sku) is already mapped to another product."); }
        return await ListMappings(slug, db, ct);
    }

    private static async Task<Results<Accepted<SyncAccepted>, ProblemHttpResult>> RequestSync(
        string slug, SyncRequest? body, IMarketplaceSyncRequester requester, CancellationToken ct)
    {
        var type = body?.Type ?? SyncTypes.All;
        if (!SyncTypes.IsValid(type)) return Problems.Validation("type", "stock, price, orders or all");
        if (!await requester.RequestAsync(slug, type, SyncTriggers.Manual, ct)) return Problems.NotFound("This marketplace");
        return TypedResults.Accepted($"/api/admin/sync-logs?marketplace={slug}", new SyncAccepted(slug, type, "queued"));
    }

    private static async Task<Ok<SyncLogListReply>> ListLogs(StoreDb db, string? marketplace, string? type, string? status, int? page, int? limit, CancellationToken ct)
    {
        var p = Math.Max(page ?? 1, 1);
        var l = Math.Clamp(limit ?? 20, 1, 100);
        var q = db.SyncLogs.AsNoTracking().Include(x => x.Marketplace).AsQueryable();
        if (!string.IsNullOrEmpty(marketplace)) q = q.Where(x => x.Marketplace.Slug == marketplace);
        if (!string.IsNullOrEmpty(type)) q = q.Where(x => x.SyncType == type);
        if (!string.IsNullOrEmpty(status)) q = q.Where(x => x.Status == status);
        var total = await q.LongCountAsync(ct);
        var rows = await q.OrderByDescending(x => x.Id).Skip((p - 1) * l).Take(l).ToListAsync(ct);
        return TypedResults.Ok(new SyncLogListReply(rows.Select(ToReply).ToList(), p, l, total));
    }
}
