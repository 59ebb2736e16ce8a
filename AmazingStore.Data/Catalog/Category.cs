namespace AmazingStore.Data.Catalog;

/// <summary>A product category; hierarchical through ParentId. Table <c>categories</c>. Times are UTC.</summary>
public class Category
{
    public int Id { get; set; }
    public string NameUz { get; set; } = "";
    public string? NameRu { get; set; }
    public int? ParentId { get; set; }
    public string? Icon { get; set; }
    public string? Color { get; set; }
    public string? ImageUrl { get; set; }
    public int SortOrder { get; set; }
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public Category? Parent { get; set; }
    public List<Category> Children { get; set; } = [];
    public List<Product> Products { get; set; } = [];
}
