using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StarPlatform.Http;

namespace StarPlatform.Testing;

/// <summary>
/// The <c>Idempotency-Key</c> contract (API.md, decision 0012) as every service's tests check it,
/// and the routes it applies to, read from the service's own endpoints: a route added later with
/// <see cref="IdempotencyKey.AcceptsIdempotencyKey{TDb, TRecord}"/> (or a creating POST added
/// without it) fails the test until it has a case.
/// </summary>
public static class IdempotencyContract
{
    /// <summary>A route's request, and another request sent under the same key (another body, or another path).</summary>
    public sealed record Case(HttpClient Client, Func<HttpRequestMessage> Request, Func<HttpRequestMessage> Other);

    /// <summary>"POST /api/…" of every route marked as taking an <c>Idempotency-Key</c>.</summary>
    public static IReadOnlySet<string> Routes(IServiceProvider services) =>
        Endpoints(services).Where(e => e.Metadata.GetMetadata<IdempotencyKeyMetadata>() is not null).Select(Name).ToHashSet();

    /// <summary>Every POST that answers 201 Created (API.md: each takes a key), as "POST /api/…".</summary>
    public static IReadOnlySet<string> CreatingPosts(IServiceProvider services) =>
        Endpoints(services)
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Contains(HttpMethods.Post) == true
                        && e.Metadata.GetOrderedMetadata<IProducesResponseTypeMetadata>().Any(p => p.StatusCode == StatusCodes.Status201Created))
            .Select(Name).ToHashSet();

    /// <summary>
    /// Twenty requests at once under one new key get one answer (status, Location, body byte for
    /// byte; 19 marked <c>Idempotent-Replayed</c>); the same request later gets it again and writes
    /// nothing; another request under the key is 409 (a problem with a type, unless
    /// <paramref name="conflict"/> checks it otherwise) and writes nothing.
    /// </summary>
    /// <param name="written">what the service's tables hold (counts, hashes), compared before and after</param>
    public static async Task HoldsAsync(Case route, Func<Task<string>> written, Func<HttpResponseMessage, Task>? conflict = null)
    {
        var key = Guid.NewGuid().ToString();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => SendAsync(route.Client, route.Request(), key)));
        var original = await AnswerAsync(responses.FirstOrDefault(r => !r.Headers.Contains(IdempotencyKey.ReplayedHeader)) ?? responses[0]);
        if (original.Status is < 200 or > 299)
        {
            throw new ResponseMismatchException($"expected the one request that ran to succeed, got {original}");
        }

        foreach (var response in responses)
        {
            Same(original, await AnswerAsync(response), "one of 20 simultaneous requests");
        }

        var replayed = responses.Count(r => r.Headers.TryGetValues(IdempotencyKey.ReplayedHeader, out var v) && v.Single() == "true");
        if (replayed != 19)
        {
            throw new ResponseMismatchException($"expected 19 of 20 answers marked {IdempotencyKey.ReplayedHeader}, got {replayed}");
        }

        var before = await written();
        Same(original, await AnswerAsync(await SendAsync(route.Client, route.Request(), key)), "the request sent again");
        var other = await SendAsync(route.Client, route.Other(), key);
        if (conflict is not null)
        {
            await conflict(other);
        }
        else
        {
            var problem = await other.ProblemAsync(HttpStatusCode.Conflict);
            if (!problem.TryGetProperty("type", out _))
            {
                throw new ResponseMismatchException($"expected the 409 to carry a type: {problem}");
            }
        }

        var after = await written();
        if (before != after)
        {
            throw new ResponseMismatchException($"expected nothing written by a replay or a reused key: {before} → {after}");
        }
    }

    private sealed record Answer(int Status, string? Location, string Body)
    {
        public override string ToString() => $"{Status} {Location} {Body}";
    }

    private static async Task<Answer> AnswerAsync(HttpResponseMessage response) =>
        new((int)response.StatusCode, response.Headers.Location?.OriginalString, await response.Content.ReadAsStringAsync());

    private static void Same(Answer expected, Answer actual, string what)
    {
        if (expected != actual)
        {
            throw new ResponseMismatchException($"{what}: expected the original answer {expected}, got {actual}");
        }
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request, string key)
    {
        using (request)
        {
            request.Headers.Add(IdempotencyKey.Header, key);
            return await client.SendAsync(request);
        }
    }

    private static IEnumerable<RouteEndpoint> Endpoints(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();

    private static string Name(RouteEndpoint e) =>
        $"{string.Join(",", e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [])} {e.RoutePattern.RawText}";
}
