using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;

namespace AmazingStore.Web.Marketplaces.Credentials;

/// <summary>Encrypts a marketplace's credentials (a flat JSON object of strings) for credentials_encrypted.</summary>
public sealed class CredentialProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("AmazingStore.Marketplaces.Credentials.v1");

    public string Protect(IReadOnlyDictionary<string, string> credentials) =>
        _protector.Protect(JsonSerializer.Serialize(credentials));

    public IReadOnlyDictionary<string, string> Unprotect(string? encrypted)
    {
        if (string.IsNullOrEmpty(encrypted)) return new Dictionary<string, string>();
        return JsonSerializer.Deserialize<Dictionary<string, string>>(_protector.Unprotect(encrypted)) ?? [];
    }
}
