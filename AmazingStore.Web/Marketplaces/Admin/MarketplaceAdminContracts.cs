using System.Text.Json;

namespace AmazingStore.Web.Marketplaces.Admin;

/// <summary>A channel as the admin sees it: settings and last sync, never the secrets.</summary>
public sealed record MarketplaceReply(
    int Id, string Slug, string Name, string IntegrationType, bool IsActive, bool AutoSyncEnabled,
    int SyncIntervalMinutes, string? ApiBaseUrl, int SafetyBuffer, JsonElement Settings,
    bool CredentialsSet, DateTime? LastSyncAt, SyncLogReply? LastSync);

public sealed record MarketplaceListReply(IReadOnlyList<MarketplaceReply> Items);

/// <summary>PUT body; every field optional (absent = unchanged). Credentials replace the stored set; an empty object clears it.</summary>
public sealed record MarketplaceUpdate(
    bool? IsActive, bool? AutoSyncEnabled, int? SyncIntervalMinutes, string? ApiBaseUrl, int? SafetyBuffer,
    Dictionary<string, JsonElement>? Settings, Dictionary<string, string>? Credentials);

public sealed record MappingReply(
    int Id, int ProductId, string ProductSku, string ProductName, string MarketplaceProductId, string? MarketplaceSku,
    string? Barcode, string? WarehouseId, bool IsActive, int? LastPushedStock, decimal? LastPushedPrice,
    decimal? LastPushedSalePrice, string? SyncStatus, string? SyncError, DateTime? LastSyncedAt);

public sealed record MappingListReply(IReadOnlyList<MappingReply> Items);

/// <summary>One mapping in a PUT (upsert by product_id).</summary>
public sealed record MappingUpdate(
    int ProductId, string? MarketplaceProductId, string? MarketplaceSku, string? Barcode, string? WarehouseId,
    string? MarketplaceName, bool? IsActive);

public sealed record SyncRequest(string? Type);

public sealed record SyncAccepted(string Marketplace, string Type, string Status);

public sealed record SyncLogReply(
    int Id, string Marketplace, string SyncType, string? Direction, string? TriggerType, string Status,
    int ItemsProcessed, int ItemsFailed, string? ErrorMessage, DateTime StartedAt, DateTime? CompletedAt, int? DurationMs,
    DateTime? ScheduledFor);

public sealed record SyncLogListReply(IReadOnlyList<SyncLogReply> Items, int Page, int Limit, long Total);
