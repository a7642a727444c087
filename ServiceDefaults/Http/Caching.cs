using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace StarPlatform.Http;

/// <summary>
/// Public reads (the catalog, the awards registry) are cacheable: a strong ETag from the body's bytes (the same content gives the
/// same tag on every replica), <c>Cache-Control: public, no-cache</c> (caches keep it and
/// revalidate, so a change such as a revocation shows at once), and 304 when <c>If-None-Match</c> names the current tag.
/// </summary>
public static class Caching
{
    public const string CacheControl = "public, no-cache";

    /// <summary>Sets the ETag and cache headers of <paramref name="body"/>; returns 304 when the client holds it already.</summary>
    public static StatusCodeHttpResult? NotModified<T>(HttpContext http, T body)
    {
        var options = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, options);
        return NotModified(http, $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"");
    }

    /// <summary>
    /// The same for a resource that has its own tag (a registry unit's version, also its <c>If-Match</c>): sets
    /// <paramref name="etag"/> and the cache headers; returns 304 when <c>If-None-Match</c> names it.
    /// </summary>
    public static StatusCodeHttpResult? NotModified(HttpContext http, string etag)
    {
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = CacheControl;
        var ifNoneMatch = http.Request.GetTypedHeaders().IfNoneMatch;
        if (ifNoneMatch.Any(tag => tag.Tag == "*" || tag.Tag == etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return null;
    }
}
