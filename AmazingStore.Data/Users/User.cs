namespace AmazingStore.Data.Users;

/// <summary>A Telegram Mini App user (customer or admin). Table <c>users</c>. Times are UTC.</summary>
public class User
{
    public int Id { get; set; }
    public long TelegramId { get; set; }
    public string FirstName { get; set; } = "";
    public string? LastName { get; set; }
    public string? Username { get; set; }
    public string? Phone { get; set; }
    public string Language { get; set; } = "uz";
    public bool IsActive { get; set; } = true;
    public bool IsAdmin { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? LastLoginAt { get; set; }

    public List<CartItem> CartItems { get; set; } = [];
    public List<Favorite> Favorites { get; set; } = [];
    public List<Order> Orders { get; set; } = [];
}
