using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Features;
using Yarp.ReverseProxy.Model;

namespace StarPlatform.Gateway;

/// <summary>Configuration section <c>Gateway:Admission</c>: how much each backend is given at once.</summary>
public sealed class AdmissionSettings
{
    public const string Section = "Gateway:Admission";

    /// <summary>Requests forwarded to one backend at once.</summary>
    public int InFlight { get; set; } = 48;

    /// <summary>Requests waiting for one of those places, oldest first; one more is answered 503 at once.</summary>
    public int Waiting { get; set; } = 96;
}

/// <summary>
/// Load shedding: the gateway forwards to a backend only what it can take — at most
/// <see cref="AdmissionSettings.InFlight"/> requests at once, <see cref="AdmissionSettings.Waiting"/>
/// more queued oldest first — and answers the rest at once with 503 and <c>Retry-After</c> as a
/// problem detail. Beyond capacity the admitted requests keep a bounded latency, and a client gets
/// an answer it can act on instead of a connection that times out or a 502. WebSockets take no place.
/// </summary>
public sealed class Admission(AdmissionSettings settings)
{
    public const string ProblemType = "https://starplatform.meishan.gov.cn/problems/overloaded";

    /// <summary>A shed request is worth retrying soon: the queue drains within a second at any load the backend takes.</summary>
    public const int RetryAfterSeconds = 1;

    private readonly ConcurrentDictionary<string, ConcurrencyLimiter> _limiters = new();

    /// <summary>How many requests for <paramref name="cluster"/> are forwarded and waiting now.</summary>
    public (long InFlight, long Waiting) Now(string cluster) =>
        LimiterOf(cluster).GetStatistics() is { } s ? (settings.InFlight - s.CurrentAvailablePermits, s.CurrentQueuedCount) : (0, 0);

    public async Task AdmitAsync(HttpContext context, Func<Task> next)
    {
        if (IsUpgrade(context))
        {
            // A WebSocket (the console's circuit) lives as long as its page is open and costs the backend next to nothing
            // while idle: counted here, 48 open consoles would take every place and queue everyone else's requests.
            await next();
            return;
        }

        var cluster = context.GetReverseProxyFeature().Route.Cluster?.ClusterId ?? "";
        using var lease = await LimiterOf(cluster).AcquireAsync(1, context.RequestAborted);
        if (lease.IsAcquired)
        {
            await next();
            return;
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        await Results.Problem(
            type: ProblemType,
            title: "Service busy.",
            detail: $"{cluster} has more requests than it can take right now; try again in {RetryAfterSeconds} s.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?> { ["backend"] = cluster }).ExecuteAsync(context);
    }

    /// <summary>An HTTP/1.1 upgrade or an HTTP/2 extended CONNECT: a WebSocket, not a request.</summary>
    private static bool IsUpgrade(HttpContext context) =>
        context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
        || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true;

    private ConcurrencyLimiter LimiterOf(string cluster) => _limiters.GetOrAdd(cluster, _ => new ConcurrencyLimiter(new ConcurrencyLimiterOptions
    {
        PermitLimit = Math.Max(1, settings.InFlight),
        QueueLimit = Math.Max(0, settings.Waiting),
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    }));
}
