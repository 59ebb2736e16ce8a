using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using AmazingStore.Tests.Infrastructure;
using AmazingStore.Tests.Marketplaces;
using AmazingStore.Web.Marketplaces.Credentials;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace AmazingStore.Tests.Security;

/// <summary>Issue 17 item 1: the key ring in the database is encrypted with a key that is not in the database.</summary>
public sealed class KeyRingTests
{
    /// <summary>A key ring read from a dump: what an attacker with the database alone has.</summary>
    private sealed class DumpedRing(IReadOnlyList<string> rows) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements() => rows.Select(XElement.Parse).ToList();
        public void StoreElement(XElement element, string friendlyName) => throw new InvalidOperationException("a dump is read-only");
    }

    /// <summary>A Data Protection provider of its own, on the dumped rows, with or without the key file's certificate.</summary>
    private static CredentialProtector FreshProtector(IReadOnlyList<string> rows, X509Certificate2? certificate)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        var dp = services.AddDataProtection().SetApplicationName("AmazingStore").DisableAutomaticKeyGeneration();
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = new DumpedRing(rows));
        if (certificate is not null) dp.UnprotectKeysWithAnyCertificate(certificate);
        return new CredentialProtector(services.BuildServiceProvider().GetRequiredService<IDataProtectionProvider>());
    }

    private static async Task<List<string>> DumpKeyRingAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT xml FROM data_protection_keys ORDER BY id", conn);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await r.ReadAsync()) rows.Add(r.GetString(0));
        return rows;
    }

    private static void AssertNoReadableKey(IReadOnlyList<string> rows)
    {
        Assert.NotEmpty(rows);
        foreach (var xml in rows)
        {
            var key = XElement.Parse(xml);
            Assert.Equal("key", key.Name.LocalName);
            Assert.DoesNotContain("masterKey", xml);
            Assert.DoesNotContain(key.Descendants(), e => e.Attributes().Any(a => a.Name.LocalName == "requiresEncryption"));
            // Data Protection's own mark of an encrypted secret (its namespace included), so that it decrypts it.
            Assert.Contains(key.Descendants(), e => e.Name == XNamespace.Get("http://schemas.asp.net/2015/03/dataProtection") + "encryptedSecret");
        }
    }

    [Fact]
    public async Task A_dump_cannot_decrypt_a_marketplace_key_without_the_key_file_and_can_with_it()
    {
        var keyFile = Path.Combine(Path.GetTempPath(), $"amazing-keyring-test-{Guid.NewGuid():N}.pfx");
        try
        {
            await using var bed = await MarketplaceBed.StartAsync(new Dictionary<string, string?> { ["DataProtection:KeyFile"] = keyFile });
            // The store made the key file itself, readable by its user alone.
            Assert.True(File.Exists(keyFile));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));

            // The dump: the key ring's rows and the stored credentials, as SELECT returns them.
            var rows = await DumpKeyRingAsync(bed.ConnectionString);
            var stored = await bed.Host.ScalarAsync<string>("SELECT credentials_encrypted FROM marketplaces WHERE slug = 'ozon'");
            Assert.False(string.IsNullOrEmpty(stored));
            AssertNoReadableKey(rows);

            var withoutFile = FreshProtector(rows, certificate: null);
            Assert.ThrowsAny<CryptographicException>(() => withoutFile.Unprotect(stored));

            // Another certificate (an attacker's guess) does not open it either.
            using var rsa = RSA.Create(2048);
            using var other = new CertificateRequest("CN=not the store", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            Assert.ThrowsAny<CryptographicException>(() => FreshProtector(rows, other).Unprotect(stored));

            using var certificate = X509CertificateLoader.LoadPkcs12FromFile(keyFile, null, X509KeyStorageFlags.EphemeralKeySet);
            var credentials = FreshProtector(rows, certificate).Unprotect(stored);
            Assert.Equal(MarketplaceBed.OzonKey, credentials["api_key"]);
            Assert.Equal(MarketplaceBed.OzonClient, credentials["client_id"]);
        }
        finally { File.Delete(keyFile); }
    }

    [Fact]
    public async Task A_key_ring_stored_in_the_clear_by_an_earlier_version_is_encrypted_at_start_and_its_credentials_still_work()
    {
        var keyFile = Path.Combine(Path.GetTempPath(), $"amazing-keyring-test-{Guid.NewGuid():N}.pfx");
        var cs = await TestPostgres.CreateDatabaseAsync();
        try
        {
            // What the store before this change wrote: a key ring without any encryption, and a credential under it.
            string legacy;
            await using (var ds = NpgsqlDataSource.Create(cs))
            {
                var services = new ServiceCollection();
                services.AddLogging();
                services.AddDataProtection().SetApplicationName("AmazingStore");
                services.Configure<KeyManagementOptions>(o => o.XmlRepository = new DbXmlRepository(ds));
                await using var sp = services.BuildServiceProvider();
                legacy = new CredentialProtector(sp.GetRequiredService<IDataProtectionProvider>())
                    .Protect(new Dictionary<string, string> { ["api_key"] = "legacy-uzum-key" });
                await using var cmd = ds.CreateCommand("UPDATE marketplaces SET credentials_encrypted = $1 WHERE slug = 'uzum'");
                cmd.Parameters.AddWithValue(legacy);
                Assert.Equal(1, await cmd.ExecuteNonQueryAsync());
            }
            var before = await DumpKeyRingAsync(cs);
            Assert.Contains(before, xml => xml.Contains("masterKey", StringComparison.Ordinal));
            Assert.Equal("legacy-uzum-key", FreshProtector(before, certificate: null).Unprotect(legacy)["api_key"]);

            await using (var host = await StoreHost.StartAsync(new Dictionary<string, string?> { ["DataProtection:KeyFile"] = keyFile }, cs))
            {
                var after = await DumpKeyRingAsync(cs);
                Assert.Equal(before.Count, after.Count);
                AssertNoReadableKey(after);
                // The same key, only wrapped: what it protected still opens in the store...
                Assert.Equal("legacy-uzum-key", host.Services.GetRequiredService<CredentialProtector>().Unprotect(legacy)["api_key"]);
                // ...and a dump of it opens only with the key file.
                Assert.ThrowsAny<CryptographicException>(() => FreshProtector(after, certificate: null).Unprotect(legacy));
                using var certificate = X509CertificateLoader.LoadPkcs12FromFile(keyFile, null, X509KeyStorageFlags.EphemeralKeySet);
                Assert.Equal("legacy-uzum-key", FreshProtector(after, certificate).Unprotect(legacy)["api_key"]);
            }
        }
        finally { File.Delete(keyFile); }
    }

    [Fact]
    public async Task After_a_certificate_rotation_the_keys_move_to_the_new_certificate_and_the_old_one_can_go()
    {
        var oldFile = Path.Combine(Path.GetTempPath(), $"amazing-keyring-old-{Guid.NewGuid():N}.pfx");
        var newFile = Path.Combine(Path.GetTempPath(), $"amazing-keyring-new-{Guid.NewGuid():N}.pfx");
        var cs = await TestPostgres.CreateDatabaseAsync();
        try
        {
            string stored;
            await using (var first = await StoreHost.StartAsync(new Dictionary<string, string?> { ["DataProtection:KeyFile"] = oldFile }, cs))
                stored = first.Services.GetRequiredService<CredentialProtector>().Protect(new Dictionary<string, string> { ["api_key"] = "rotated-key" });
            // The operator's new certificate (openssl would make the same kind of .pfx), with a password; the old one kept for reading.
            using (var rsa = RSA.Create(3072))
            using (var made = new CertificateRequest("CN=Amazing Store 2027", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                       .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(2)))
                await File.WriteAllBytesAsync(newFile, made.Export(X509ContentType.Pfx, "s3cret"));
            await using (var rotated = await StoreHost.StartAsync(new Dictionary<string, string?>
            {
                ["DataProtection:CertificatePath"] = newFile,
                ["DataProtection:CertificatePassword"] = "s3cret",
                ["DataProtection:PreviousCertificates:0:Path"] = oldFile,
            }, cs))
                Assert.Equal("rotated-key", rotated.Services.GetRequiredService<CredentialProtector>().Unprotect(stored)["api_key"]);

            var rows = await DumpKeyRingAsync(cs);
            AssertNoReadableKey(rows);
            using var oldCert = X509CertificateLoader.LoadPkcs12FromFile(oldFile, null, X509KeyStorageFlags.EphemeralKeySet);
            using var newCert = X509CertificateLoader.LoadPkcs12FromFile(newFile, "s3cret", X509KeyStorageFlags.EphemeralKeySet);
            Assert.ThrowsAny<CryptographicException>(() => FreshProtector(rows, oldCert).Unprotect(stored));
            Assert.Equal("rotated-key", FreshProtector(rows, newCert).Unprotect(stored)["api_key"]);

            // The old certificate is no longer needed by the store.
            await using var later = await StoreHost.StartAsync(new Dictionary<string, string?>
            {
                ["DataProtection:CertificatePath"] = newFile,
                ["DataProtection:CertificatePassword"] = "s3cret",
            }, cs);
            Assert.Equal("rotated-key", later.Services.GetRequiredService<CredentialProtector>().Unprotect(stored)["api_key"]);
        }
        finally { File.Delete(oldFile); File.Delete(newFile); }
    }
}
