using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AmazingStore.Web.Marketplaces.Credentials;

/// <summary>The <c>DataProtection</c> section: the certificate that encrypts the key ring in the database.</summary>
public sealed class KeyRingOptions
{
    /// <summary>A PKCS#12 (.pfx) file with the certificate and its RSA private key; empty = <see cref="KeyFile"/>.</summary>
    public string CertificatePath { get; set; } = "";
    public string CertificatePassword { get; set; } = "";
    /// <summary>Certificates that encrypted keys before a rotation: read with, never written with.</summary>
    public List<PreviousCertificate> PreviousCertificates { get; set; } = [];
    /// <summary>Without a configured certificate, the store makes its own here (relative to the content root), readable by its user only.</summary>
    public string KeyFile { get; set; } = ".data/keyring.pfx";
}

public sealed class PreviousCertificate
{
    public string Path { get; set; } = "";
    public string Password { get; set; } = "";
}

/// <summary>
/// Loads the key ring's certificate, or makes one. The key ring sits in the database beside the credentials it
/// protects, so it is encrypted with a key that is not in the database: a dump or a read-only login then
/// decrypts nothing. A certificate, because that is what Data Protection's own XML encryption takes
/// (ProtectKeysWithCertificate) and an operator can make one with openssl; a made one is self-signed RSA 3072,
/// never sent anywhere, and lives in a file only the store's user may read (0600).
/// </summary>
public static class KeyRingCertificates
{
    /// <returns>The certificate to encrypt with, the ones also accepted for reading, where it came from and whether it was made just now.</returns>
    public static (X509Certificate2 Current, X509Certificate2[] Previous, string Source, bool Made) Load(KeyRingOptions o, string contentRoot)
    {
        var previous = o.PreviousCertificates.Where(p => !string.IsNullOrWhiteSpace(p.Path))
            .Select(p => Read(Path.Combine(contentRoot, p.Path), p.Password)).ToArray();
        if (!string.IsNullOrWhiteSpace(o.CertificatePath))
        {
            var path = Path.Combine(contentRoot, o.CertificatePath);
            return (Read(path, o.CertificatePassword), previous, path, false);
        }
        var file = Path.GetFullPath(Path.Combine(contentRoot, o.KeyFile));
        var made = !File.Exists(file) && Create(file);
        return (Read(file, null), previous, file, made);
    }

    private static X509Certificate2 Read(string path, string? password)
    {
        var cert = X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(password) ? null : password, X509KeyStorageFlags.EphemeralKeySet);
        if (!cert.HasPrivateKey || cert.GetRSAPublicKey() is null)
            throw new InvalidOperationException($"The Data Protection certificate {path} needs an RSA key with its private part");
        return cert;
    }

    /// <summary>Whether others than the file's owner may read or change it (then the log says so).</summary>
    public static bool IsOpenToOthers(string file) =>
        !OperatingSystem.IsWindows() && File.Exists(file)
        && (File.GetUnixFileMode(file) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0;

    private static bool Create(string file)
    {
        var dir = Path.GetDirectoryName(file)!;
        if (!Directory.Exists(dir))
        {
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(dir);
            else Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        using var rsa = RSA.Create(3072);
        var request = new CertificateRequest("CN=Amazing Store key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var now = DateTimeOffset.UtcNow;
        using var cert = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(100));
        var bytes = cert.Export(X509ContentType.Pfx);
        // Written whole under another name, then moved in without replacing: two instances starting together
        // keep the one that landed first, and nobody reads half a file.
        var partial = file + "." + Guid.NewGuid().ToString("N")[..8] + ".partial";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(partial, options)) stream.Write(bytes);
        try
        {
            File.Move(partial, file, overwrite: false);
            return true;
        }
        catch (IOException) when (File.Exists(file)) { File.Delete(partial); return false; }
    }
}
