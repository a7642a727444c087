using System.Text.Json;
using Microsoft.IdentityModel.Protocols;

namespace StarPlatform.Access;

/// <summary>
/// Reads the identity server's metadata (discovery document, signing keys) from its internal
/// address. The discovery document names the public issuer (the gateway's URL) in every
/// address it lists; those addresses are fetched from the internal authority instead, so a
/// service never depends on reaching the gateway to validate a token.
/// </summary>
public sealed class AuthorityDocumentRetriever(IDocumentRetriever inner, Uri authority) : IDocumentRetriever
{
    private readonly string _authority = WithTrailingSlash(authority.AbsoluteUri);
    private volatile string? _issuer;

    public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        var document = await inner.GetDocumentAsync(Internal(address), cancel);
        if (_issuer is null && IssuerOf(document) is { } issuer)
        {
            _issuer = WithTrailingSlash(issuer);
        }

        return document;
    }

    /// <summary>The internal address for <paramref name="address"/>: under the issuer → under the authority.</summary>
    public string Internal(string address) =>
        _issuer is { } issuer && !string.Equals(issuer, _authority, StringComparison.OrdinalIgnoreCase)
            && address.StartsWith(issuer, StringComparison.OrdinalIgnoreCase)
            ? _authority + address[issuer.Length..]
            : address;

    private static string? IssuerOf(string document)
    {
        try
        {
            using var json = JsonDocument.Parse(document);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("issuer", out var issuer)
                && issuer.ValueKind == JsonValueKind.String
                && Uri.TryCreate(issuer.GetString(), UriKind.Absolute, out _)
                    ? issuer.GetString()
                    : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string WithTrailingSlash(string uri) => uri.EndsWith('/') ? uri : uri + "/";
}
