using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace StarPlatform.Identity.Keys;

/// <summary>
/// RSA keys kept as PEM files, created on first use and read back on every start: tokens
/// signed before a restart stay valid, and validators keep the keys they have cached.
/// </summary>
public static class KeyFiles
{
    public const int KeySizeInBits = 2048;

    /// <summary>The key in <c>&lt;folder&gt;/&lt;name&gt;.pem</c>; created there if absent (another replica may win the race).</summary>
    public static RsaSecurityKey LoadOrCreate(string folder, string name)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}.pem");
        if (!File.Exists(path))
        {
            Create(path);
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(path));
        return new RsaSecurityKey(rsa) { KeyId = KeyIdOf(rsa) };
    }

    /// <summary>A stable key id: the base64url SHA-256 of the public key.</summary>
    public static string KeyIdOf(RSA rsa) => Base64UrlEncoder.Encode(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()));

    private static void Create(string path)
    {
        using var rsa = RSA.Create(KeySizeInBits);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, rsa.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        try
        {
            // Never replaces a key another process wrote first: everyone then reads the same file.
            File.Move(temporary, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
        }
    }
}
