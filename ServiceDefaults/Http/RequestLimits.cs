using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;

namespace StarPlatform.Http;

/// <summary>
/// The size limits of a request line and its headers, answered as problems. Kestrel answers a
/// request over its own limits itself, before there is a pipeline, with an empty 414 or 431 body;
/// so its limits are raised (<see cref="KestrelRequestLineBytes"/>, <see cref="KestrelHeadersBytes"/>)
/// and the real ones (<see cref="MaxTargetLength"/>, <see cref="MaxHeadersBytes"/>) are enforced
/// here, first in the pipeline, with an RFC 9457 problem. What Kestrel still answers itself, with an
/// empty body: a request line or headers beyond the raised limits, and a request it cannot parse
/// at all (a malformed request line or header line, a missing Host): there is no request yet that
/// a middleware could answer, and Kestrel closes the connection after its 400/414/431
/// (docs/api/README.md, "Errors").
/// </summary>
public static class RequestLimits
{
    /// <summary>Characters of the request target (path and query, as sent).</summary>
    public const int MaxTargetLength = 8 * 1024;

    /// <summary>Bytes of all request headers (names and values).</summary>
    public const int MaxHeadersBytes = 32 * 1024;

    public const int KestrelRequestLineBytes = 64 * 1024;
    public const int KestrelHeadersBytes = 64 * 1024;

    internal static void RaiseKestrelLimits(KestrelServerOptions options)
    {
        options.Limits.MaxRequestLineSize = KestrelRequestLineBytes;
        options.Limits.MaxRequestHeadersTotalSize = KestrelHeadersBytes;
    }

    internal static void UseRequestLimits(IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "";
        if (target.Length > MaxTargetLength)
        {
            await Refuse(http, StatusCodes.Status414UriTooLong, "The request URI is too long.",
                $"A request's path and query have at most {MaxTargetLength} characters.");
            return;
        }

        long headerBytes = 0;
        foreach (var (name, values) in http.Request.Headers)
        {
            headerBytes += name.Length;
            foreach (var value in values)
            {
                headerBytes += value?.Length ?? 0;
            }
        }

        if (headerBytes > MaxHeadersBytes)
        {
            await Refuse(http, StatusCodes.Status431RequestHeaderFieldsTooLarge, "The request headers are too large.",
                $"A request's headers have at most {MaxHeadersBytes} bytes together.");
            return;
        }

        await next(http);
    });

    private static Task Refuse(HttpContext http, int status, string title, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: title, type: ProblemTypes.For(status)).ExecuteAsync(http);
}
