namespace AmazingStore.Data.Favorites;

/// <summary>A product on a user's wishlist (table favorites, never user_favorites). Table <c>favorites</c>. Times are UTC.</summary>
public class Favorite
{
    public int Id { get; set; }
    public int UserId { get; set; }
    public int ProductId { get; set; }
    public DateTime CreatedAt { get; set; }

    public User User { get; set; } = null!;
    public Product Product { get; set; } = null!;
}
