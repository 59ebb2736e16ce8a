using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace AmazingStore.Data.Hosting;

/// <summary>
/// The embedded server's one password (of its superuser and of the store's role): random, made on first start,
/// kept in a 0600 file in the data folder (which PostgreSQL keeps 0700). PostgreSQL is only ever sent its SCRAM
/// verifier, so the password itself appears in no statement a server log could record.
/// </summary>
public static class EmbeddedSecret
{
    public const string FileName = "amazing-store.password";

    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    /// <summary>The password in the file, or null when there is none (or an empty one, left by a crash).</summary>
    public static string? Read(string file)
    {
        if (!File.Exists(file)) return null;
        // Loosened by hand or by a copy: only the owner may read it.
        if (OperatingSystem.IsLinux() && File.GetUnixFileMode(file) != OwnerOnly) File.SetUnixFileMode(file, OwnerOnly);
        var text = File.ReadAllText(file).Trim();
        return text.Length > 0 ? text : null;
    }

    /// <summary>Written under another name and renamed, so a crash never leaves half a password behind.</summary>
    public static void Write(string file, string password)
    {
        var partial = file + ".partial";
        File.Delete(partial);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        using (var stream = new FileStream(partial, options))
        {
            stream.Write(Encoding.ASCII.GetBytes(password + "\n"));
            stream.Flush(flushToDisk: true);
        }
        File.Move(partial, file, overwrite: true);
    }

    /// <summary>
    /// The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677, PostgreSQL's format). The password
    /// is base64url, so SASLprep leaves it as it is.
    /// </summary>
    public static string ScramVerifier(string password, int iterations = 4096)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var salted = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, 32);
        var clientKey = HMACSHA256.HashData(salted, "Client Key"u8);
        var storedKey = SHA256.HashData(clientKey);
        var serverKey = HMACSHA256.HashData(salted, "Server Key"u8);
        return $"SCRAM-SHA-256${iterations}:{Convert.ToBase64String(salt)}${Convert.ToBase64String(storedKey)}:{Convert.ToBase64String(serverKey)}";
    }
}
