using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace StarPlatform.Gateway;

/// <summary>
/// The backends behind the gateway and what a client gets while one is down. A cluster holds every
/// copy of its service (service discovery resolves <c>http://complaints-api</c> to each copy's address;
/// YARP balances by the fewest requests in flight of two). Every copy is
/// probed on its <c>/alive</c> every <see cref="ProbeInterval"/> (YARP's active health checks) and
/// taken out of the rotation by failed requests in between (passive health checks); the
/// gateway's <c>/health</c> is Healthy (200) only when every backend has a copy that answers, otherwise Degraded (503)
/// naming the ones that do not; a request for a backend that is down or unreachable gets 503 with <c>Retry-After</c> as an
/// RFC 9457 problem detail, never a bare 502.
/// </summary>
public static class Backends
{
    public static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(2);

    /// <summary>How long a copy that failed requests stays out of the rotation before it is tried again.</summary>
    public static readonly TimeSpan PassiveReactivation = TimeSpan.FromSeconds(5);

    /// <summary>Seconds a client should wait before trying again: a restarted backend is back within a few probes.</summary>
    public const int RetryAfterSeconds = 5;

    public const string ProblemType = "https://starplatform.meishan.gov.cn/problems/backend-unavailable";

    public static IReverseProxyBuilder AddBackendHealth(this IReverseProxyBuilder proxy, IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<BackendsHealthCheck>("backends");
        // A copy that refuses connections fails every request sent to it: a few in a short window are enough
        // (YARP's defaults wait for 10 requests in a minute, too slow to matter between the 2 s probes).
        services.Configure<TransportFailureRateHealthPolicyOptions>(o =>
        {
            o.DetectionWindowSize = TimeSpan.FromSeconds(10);
            o.MinimalTotalCountThreshold = 3;
            o.DefaultFailureRateLimit = 0.3;
        });
        // Written as every service writes its health: a backend down leaves the gateway Degraded, not
        // Unhealthy — it still answers (503 for that backend's routes) and the backend's own health says
        // what is wrong — and not ready: 503.
        services.Configure<HealthCheckOptions>(o => o.ResponseWriter = ServiceHealth.WriteAsync);
        services.AddSingleton(sp => new Admission(
            sp.GetRequiredService<IConfiguration>().GetSection(AdmissionSettings.Section).Get<AdmissionSettings>() ?? new AdmissionSettings()));
        return proxy.AddConfigFilter<ActiveProbes>();
    }

    /// <summary>The proxy pipeline: forwarding errors answered as 503 problems, and what a backend cannot take shed (<see cref="Admission"/>).</summary>
    public static WebApplication MapProxyWithBackendErrors(this WebApplication app)
    {
        var admission = app.Services.GetRequiredService<Admission>();
        app.MapReverseProxy(pipeline =>
        {
            pipeline.Use((context, next) => admission.AdmitAsync(context, next));
            pipeline.Use(async (context, next) =>
            {
                await next();
                if (context.GetForwarderErrorFeature() is { } error && IsBackendSide(error.Error)
                    && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
                {
                    await WriteUnavailableAsync(context, context.GetReverseProxyFeature().Route.Cluster?.ClusterId);
                }
            });
            pipeline.UseSessionAffinity();
            pipeline.UseLoadBalancing();
            pipeline.UsePassiveHealthChecks();
        });
        return app;
    }

    private static bool IsBackendSide(ForwarderError error) => error is ForwarderError.NoAvailableDestinations
        or ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.RequestBodyDestination
        or ForwarderError.ResponseHeaders;

    private static async Task WriteUnavailableAsync(HttpContext context, string? cluster)
    {
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Results.Problem(
            type: ProblemType,
            title: "Service temporarily unavailable.",
            detail: $"{cluster ?? "The service"} is not answering; try again in {RetryAfterSeconds} s.",
            statusCode: StatusCodes.Status503ServiceUnavailable,
            extensions: new Dictionary<string, object?> { ["backend"] = cluster }).ExecuteAsync(context);
    }

    /// <summary>Turns YARP's active health checks on for every cluster of the route table.</summary>
    private sealed class ActiveProbes : IProxyConfigFilter
    {
        public ValueTask<ClusterConfig> ConfigureClusterAsync(ClusterConfig cluster, CancellationToken cancel) =>
            ValueTask.FromResult(cluster.HealthCheck?.Active is not null ? cluster : cluster with
            {
                HealthCheck = new HealthCheckConfig
                {
                    Active = new ActiveHealthCheckConfig
                    {
                        Enabled = true,
                        Interval = ProbeInterval,
                        Timeout = ProbeInterval,
                        Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                        Path = "/alive",
                    },
                    // Between probes, requests that fail to reach a copy (refused, reset, timed out) take it
                    // out of the rotation too; it is tried again after the reactivation period (or the next good probe).
                    Passive = new PassiveHealthCheckConfig
                    {
                        Enabled = true,
                        Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
                        ReactivationPeriod = PassiveReactivation,
                    },
                },
            });

        public ValueTask<RouteConfig> ConfigureRouteAsync(RouteConfig route, ClusterConfig? cluster, CancellationToken cancel) =>
            ValueTask.FromResult(route);
    }

    /// <summary>Healthy when every backend answered its last probes; otherwise names the ones that did not.</summary>
    private sealed class BackendsHealthCheck(IProxyStateLookup proxy) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var states = proxy.GetClusters().ToDictionary(c => c.ClusterId, StateOf);
            var down = states.Where(s => s.Value != "up").Select(s => s.Key).Order().ToList();
            var data = states.ToDictionary(s => s.Key, s => (object)s.Value);
            return Task.FromResult(down.Count == 0
                ? HealthCheckResult.Healthy("every backend answers", data)
                : HealthCheckResult.Degraded($"not answering: {string.Join(", ", down)}", data: data));
        }

        private static string StateOf(ClusterState cluster)
        {
            var destinations = cluster.Destinations.Values.ToList();
            if (destinations.Any(d => d.Health.Active == DestinationHealth.Healthy))
            {
                return "up";
            }

            return destinations.Count > 0 && destinations.All(d => d.Health.Active == DestinationHealth.Unknown) ? "not probed yet" : "down";
        }
    }
}
