namespace StarPlatform.Identity.Model;

/// <summary>
/// Clients reach the server through the gateway, at the issuer's URL; the server itself sees
/// its internal address. Endpoint addresses it publishes are moved under the issuer.
/// </summary>
public static class PublicAddresses
{
    /// <summary><paramref name="endpoint"/> under <paramref name="issuer"/> when it is under <paramref name="requestBase"/>; otherwise as it is.</summary>
    public static Uri? Rebase(Uri? endpoint, Uri? requestBase, Uri? issuer)
    {
        if (endpoint is null || requestBase is null || issuer is null)
        {
            return endpoint;
        }

        var from = WithTrailingSlash(requestBase.AbsoluteUri);
        return endpoint.AbsoluteUri.StartsWith(from, StringComparison.OrdinalIgnoreCase)
            ? new Uri(WithTrailingSlash(issuer.AbsoluteUri) + endpoint.AbsoluteUri[from.Length..])
            : endpoint;
    }

    private static string WithTrailingSlash(string uri) => uri.EndsWith('/') ? uri : uri + "/";
}
