using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Data;

/// <summary>
/// The store's EF Core context. The schema itself is owned by the SQL files in Migrations/
/// (applied by the migration runner); the model here only maps onto it, with explicit snake_case
/// names in one IEntityTypeConfiguration per entity. Hangfire's tables (schema hangfire) are not mapped.
/// All DateTime values are UTC (timestamptz).
/// </summary>
public sealed class StoreDb(DbContextOptions<StoreDb> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();
    public DbSet<Category> Categories => Set<Category>();
    public DbSet<Product> Products => Set<Product>();
    public DbSet<Banner> Banners => Set<Banner>();
    public DbSet<InventoryItem> Inventory => Set<InventoryItem>();
    public DbSet<InventoryMovement> InventoryMovements => Set<InventoryMovement>();
    public DbSet<Marketplace> Marketplaces => Set<Marketplace>();
    public DbSet<MarketplaceProduct> MarketplaceProducts => Set<MarketplaceProduct>();
    public DbSet<MarketplaceWebhook> MarketplaceWebhooks => Set<MarketplaceWebhook>();
    public DbSet<SyncLog> SyncLogs => Set<SyncLog>();
    public DbSet<MarketplacePriceRule> MarketplacePriceRules => Set<MarketplacePriceRule>();
    public DbSet<CartItem> CartItems => Set<CartItem>();
    public DbSet<Favorite> Favorites => Set<Favorite>();
    public DbSet<Order> Orders => Set<Order>();
    public DbSet<OrderItem> OrderItems => Set<OrderItem>();
    public DbSet<IdempotencyKey> IdempotencyKeys => Set<IdempotencyKey>();
    public DbSet<OutboxMessage> OutboxMessages => Set<OutboxMessage>();
    public DbSet<ProcessedUpdate> ProcessedUpdates => Set<ProcessedUpdate>();
    public DbSet<BotState> BotState => Set<BotState>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(StoreDb).Assembly);
    }
}
