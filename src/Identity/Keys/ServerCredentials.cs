using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace StarPlatform.Identity.Keys;

/// <summary>
/// The issuer and the persisted keys, given to OpenIddict when its options are first needed
/// (so the <c>migrate</c> step never touches the keys folder).
/// </summary>
internal sealed class ServerCredentials(IOptions<IdentityServerSettings> settings) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        var identity = settings.Value;
        options.Issuer = new Uri(identity.Issuer);
        options.SigningCredentials.Add(new SigningCredentials(
            KeyFiles.LoadOrCreate(identity.KeysPath, "signing"), SecurityAlgorithms.RsaSha256));
        // Access tokens are plain signed JWTs (every service validates them); authorization
        // codes are still encrypted, which needs this key.
        options.EncryptionCredentials.Add(new EncryptingCredentials(
            KeyFiles.LoadOrCreate(identity.KeysPath, "encryption"),
            SecurityAlgorithms.RsaOAEP, SecurityAlgorithms.Aes256CbcHmacSha512));
    }
}
