using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
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

    /// <summary>The same for an answer that depends on who asks (a token, a tracker's lookup code): no shared cache keeps it.</summary>
    public const string PrivateCacheControl = "private, no-cache";

    /// <summary>Registered with the OpenAPI document (<c>AddApiDocument</c>): the service's public reads get validators (<see cref="UsePublicReadValidators"/>).</summary>
    public sealed class PublicReadValidators;

    /// <summary>
    /// Every public read (a GET whose endpoint needs no policy) answered 200 without a tag of its own gets one from its body's
    /// bytes, and 304 when <c>If-None-Match</c> names it: one piece for every service, so no read is left without
    /// (a handler that tags its content itself, like a registry unit's version, keeps its tag). Answers to a request with a
    /// token or a lookup code are <see cref="PrivateCacheControl"/>.
    /// </summary>
    public static void UsePublicReadValidators(WebApplication app) => app.Use(async (http, next) =>
    {
        if (!HttpMethods.IsGet(http.Request.Method) || http.GetEndpoint() is not { } endpoint || !IsPublic(http, endpoint))
        {
            await next(http);
            return;
        }

        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await next(http);
        }
        finally
        {
            http.Response.Body = original;
        }

        if (http.Response.StatusCode == StatusCodes.Status200OK && !http.Response.Headers.ContainsKey("ETag"))
        {
            var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))[..32]}\"";
            http.Response.Headers.ETag = etag;
            if (!http.Response.Headers.ContainsKey("Cache-Control"))
            {
                http.Response.Headers.CacheControl = http.Request.Headers.ContainsKey("Authorization") || http.Request.Headers.ContainsKey("Lookup-Code")
                    || http.Request.Query.ContainsKey("lookup_code")
                    ? PrivateCacheControl : CacheControl;
            }

            if (http.Request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Tag == "*" || tag.Tag == etag))
            {
                http.Response.StatusCode = StatusCodes.Status304NotModified;
                http.Response.ContentLength = null;
                http.Response.ContentType = null;
                return;
            }
        }

        buffer.Position = 0;
        await buffer.CopyToAsync(original, http.RequestAborted);
    });

    /// <summary>An API read or OpenAPI document (not a probe, a sign-in page or a protocol endpoint) whose endpoint needs no policy.</summary>
    public static bool IsPublic(HttpContext http, Endpoint endpoint) =>
        (http.Request.Path.StartsWithSegments("/api") || http.Request.Path.StartsWithSegments("/openapi"))
        && (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || !endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Any());

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
