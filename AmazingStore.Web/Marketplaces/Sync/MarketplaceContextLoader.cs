using AmazingStore.Data;
using AmazingStore.Data.Marketplaces;
using AmazingStore.Web.Marketplaces.Connectors;
using AmazingStore.Web.Marketplaces.Credentials;
using Microsoft.EntityFrameworkCore;

namespace AmazingStore.Web.Marketplaces.Sync;

/// <summary>Reads a marketplace row and decrypts its credentials into a connector context.</summary>
public sealed class MarketplaceContextLoader(CredentialProtector protector)
{
    public static readonly string[] ApiSlugs = ["uzum", "wildberries", "ozon"];

    public async Task<(Marketplace? Row, MarketplaceContext? Context)> LoadAsync(StoreDb db, string slug, CancellationToken ct)
    {
        var row = await db.Marketplaces.AsNoTracking().FirstOrDefaultAsync(m => m.Slug == slug, ct);
        if (row is null || !ApiSlugs.Contains(slug)) return (row, null);
        var credentials = protector.Unprotect(row.CredentialsEncrypted);
        if (credentials.Count == 0 || string.IsNullOrWhiteSpace(row.ApiBaseUrl)) return (row, null);
        return (row, new MarketplaceContext(row.Id, row.Slug, row.ApiBaseUrl!, MarketplaceContext.ParseSettings(row.Settings), credentials, row.SafetyBuffer));
    }
}
