using System.Text.Json.Serialization;

namespace AmazingStore.Web.Catalog;

public sealed record CategoryReply(int Id, string Name, int? ParentId, string? Icon, string? Color, string? ImageUrl, int SortOrder);

public sealed record BannerReply(int Id, string? Title, string ImageUrl, string? LinkType, int? LinkId, string? LinkUrl, int SortOrder);

/// <summary>A product as customers see it; StockQuantity is the available quantity (on hand − reserved).</summary>
public sealed record ProductReply(
    int Id, string Sku, string? Barcode, string Name, string? Description, int? CategoryId,
    decimal Price, decimal? SalePrice, decimal DisplayPrice, string? Image, int StockQuantity,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? IsFavorite);

