using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;
using StarPlatform.Identity.Keys;

namespace StarPlatform.Identity.Tests;

public sealed class KeyFilesTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"identity-keys-{Guid.NewGuid():N}");

    [Fact]
    public void A_key_is_created_once_and_read_back_on_every_start()
    {
        var first = KeyFiles.LoadOrCreate(_folder, "signing");
        var again = KeyFiles.LoadOrCreate(_folder, "signing");

        Assert.Equal(first.KeyId, again.KeyId);
        Assert.Equal(first.Rsa.ExportParameters(false).Modulus, again.Rsa.ExportParameters(false).Modulus);
        Assert.Equal(KeyFiles.KeySizeInBits, first.KeySize);
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void A_token_signed_before_a_restart_verifies_after_it()
    {
        var data = "header.payload"u8.ToArray();
        var signature = KeyFiles.LoadOrCreate(_folder, "signing").Rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

        var restarted = KeyFiles.LoadOrCreate(_folder, "signing");

        Assert.True(restarted.Rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    [Fact]
    public void Signing_and_encryption_keys_are_different_keys()
    {
        Assert.NotEqual(KeyFiles.LoadOrCreate(_folder, "signing").KeyId, KeyFiles.LoadOrCreate(_folder, "encryption").KeyId);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Only_the_owner_may_read_a_key_file()
    {
        KeyFiles.LoadOrCreate(_folder, "signing");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_folder, "signing.pem")));
    }

    [Fact]
    public async Task Replicas_starting_together_end_up_with_the_same_key()
    {
        var keys = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => KeyFiles.LoadOrCreate(_folder, "signing"))));

        Assert.Single(keys.Select(k => k.KeyId).Distinct());
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void The_key_id_is_the_hash_of_the_public_key()
    {
        var key = KeyFiles.LoadOrCreate(_folder, "signing");

        Assert.Equal(Base64UrlEncoder.Encode(SHA256.HashData(key.Rsa.ExportSubjectPublicKeyInfo())), key.KeyId);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
