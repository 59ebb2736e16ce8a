namespace AmazingStore.Data.Catalog;

/// <summary>A marketing banner in the Mini App. LinkType: product, category or url. Table <c>banners</c>. Times are UTC.</summary>
public class Banner
{
    public int Id { get; set; }
    public string? TitleUz { get; set; }
    public string? TitleRu { get; set; }
    public string ImageUrl { get; set; } = "";
    public string? LinkType { get; set; }
    public int? LinkId { get; set; }
    public string? LinkUrl { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
}
