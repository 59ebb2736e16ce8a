using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Npgsql;

namespace AmazingStore.Web.Marketplaces.Credentials;

/// <summary>The key ring's certificate as loaded at start-up.</summary>
public sealed record KeyRingCertificate(X509Certificate2 Current, string Source, bool Made);

public static class KeyRingProtection
{
    /// <summary>Data Protection with its key ring in the database (DbXmlRepository), every key encrypted with the certificate.</summary>
    public static IDataProtectionBuilder AddKeyRingProtection(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection("DataProtection").Get<KeyRingOptions>() ?? new KeyRingOptions();
        var (current, previous, source, made) = KeyRingCertificates.Load(options, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton(new KeyRingCertificate(current, source, made));
        builder.Services.AddHostedService<KeyRingRewrap>();
        return builder.Services.AddDataProtection().SetApplicationName("AmazingStore")
            .ProtectKeysWithCertificate(current)
            // Linux has no certificate store Data Protection could find the private key in: it is given here.
            .UnprotectKeysWithAnyCertificate([current, .. previous]);
    }
}

/// <summary>
/// At start-up, every key in data_protection_keys whose secret is stored in the clear (written before the
/// ring was encrypted) or under an earlier certificate (before a rotation) is encrypted again with the current
/// certificate, in place: the key, and so every credential it protects, stays the same. After one start a dump
/// holds no readable key, and a previous certificate can be dropped from the configuration.
/// Element and attribute names are Data Protection's own (XmlEncryptionExtensions, ASP.NET Core 10).
/// </summary>
public sealed class KeyRingRewrap(NpgsqlDataSource db, KeyRingCertificate certificate, IServiceProvider services, ILoggerFactory loggers, ILogger<KeyRingRewrap> log)
    : IHostedService
{
    private static readonly XNamespace DataProtectionNs = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName RequiresEncryption = DataProtectionNs + "requiresEncryption";
    private static readonly XName EncryptedSecret = DataProtectionNs + "encryptedSecret";
    private static readonly XName DecryptorType = "decryptorType";

    public async Task StartAsync(CancellationToken ct)
    {
        if (certificate.Made)
            log.LogWarning("Made a key for the Data Protection key ring in {File}: keep it with the backups (the database's key ring is useless without it)", certificate.Source);
        if (KeyRingCertificates.IsOpenToOthers(certificate.Source))
            log.LogWarning("The key ring's key file {File} can be read by other users; only the store's user should (chmod 600)", certificate.Source);

        var rows = new List<(int Id, string Xml)>();
        await using (var read = db.CreateCommand("SELECT id, xml FROM data_protection_keys ORDER BY id"))
        await using (var r = await read.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) rows.Add((r.GetInt32(0), r.GetString(1)));

        var rewrapped = 0;
        foreach (var (id, xml) in rows)
        {
            var element = XElement.Parse(xml);
            try { if (!Rewrap(element)) continue; }
            catch (CryptographicException e)
            {
                log.LogWarning("Data Protection key row {Id} could not be read with the configured certificates ({Error}); left as it is", id, e.Message);
                continue;
            }
            await using var update = db.CreateCommand("UPDATE data_protection_keys SET xml = $1 WHERE id = $2 AND xml = $3");
            update.Parameters.AddWithValue(element.ToString(SaveOptions.DisableFormatting));
            update.Parameters.AddWithValue(id);
            update.Parameters.AddWithValue(xml);
            rewrapped += await update.ExecuteNonQueryAsync(ct);
        }
        if (rewrapped > 0) log.LogWarning("Encrypted {Count} Data Protection key(s) with the certificate from {Source}", rewrapped, certificate.Source);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    /// <summary>Whether anything in the key's XML was encrypted again.</summary>
    internal bool Rewrap(XElement key)
    {
        var encryptor = new CertificateXmlEncryptor(certificate.Current, loggers);
        var changed = false;
        foreach (var plain in key.Descendants().Where(e => (bool?)e.Attribute(RequiresEncryption) == true).ToList())
        {
            plain.ReplaceWith(Wrap(encryptor, new XElement(plain)));
            changed = true;
        }
        var current = Convert.ToBase64String(certificate.Current.RawData);
        var decryptor = new EncryptedXmlDecryptor(services);
        foreach (var secret in key.Descendants(EncryptedSecret).ToList())
        {
            // Only certificate encryption is ours to redo; and a secret already under the current certificate stays.
            if ((string?)secret.Attribute(DecryptorType) is not { } type || !type.StartsWith(typeof(EncryptedXmlDecryptor).FullName!, StringComparison.Ordinal)) continue;
            if (secret.Descendants().Any(e => e.Name.LocalName == "X509Certificate" && e.Value.Trim() == current)) continue;
            var inner = secret.Elements().Single();
            secret.ReplaceWith(Wrap(encryptor, decryptor.Decrypt(inner)));
            changed = true;
        }
        return changed;
    }

    private static XElement Wrap(IXmlEncryptor encryptor, XElement plain)
    {
        var info = encryptor.Encrypt(plain);
        return new XElement(EncryptedSecret, new XAttribute(DecryptorType, info.DecryptorType.AssemblyQualifiedName!), info.EncryptedElement);
    }
}
